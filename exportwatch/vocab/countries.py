"""Country names, adjectives and Chinese names, keyed by ISO 3166-1 alpha-2 code.

Used by the ``exportwatch_terms`` component to tag COUNTRY mentions in English and Chinese text,
and by the Entity List reader to turn a printed destination ("CHINA, PEOPLE'S REPUBLIC OF") into
an ISO code. English names match in their printed case and in upper case (Entity List tables
print destinations in capitals); adjectives ("Russian", "Belarusian") count as mentions.

The United States is deliberately absent: as the regulating state it is named in almost every
sentence ("U.S. Government", "U.S. persons") and tagging it would drown the destinations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """One country or destination: ISO code, display name and the forms that name it."""

    code: str
    name: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()

    @property
    def english(self) -> tuple[str, ...]:
        """Every English form: display name, other names and adjectives."""
        return (self.name, *self.names, *self.adjectives)


def _c(code: str, name: str, names: str = "", adjectives: str = "", zh: str = "") -> Country:
    def split(s: str) -> tuple[str, ...]:
        return tuple(x.strip() for x in s.split(";") if x.strip())

    return Country(code, name, split(names), split(adjectives), split(zh))


# fmt: off
COUNTRIES: tuple[Country, ...] = (
    _c("CN", "China", "People's Republic of China; Peoples Republic of China; People's Republic of China; "
       "China, People's Republic of; China, Peoples' Republic of; China, Peoples Republic of; PRC; "
       "P.R.C.; P.R. China; Mainland China", "Chinese", "中国; 中华人民共和国; 中国大陆; 我国"),
    _c("HK", "Hong Kong", "Hong Kong SAR", "", "香港; 中国香港"),
    _c("MO", "Macau", "Macao", "", "澳门; 中国澳门"),
    _c("TW", "Taiwan", "", "Taiwanese", "台湾; 中国台湾"),
    _c("RU", "Russia", "Russian Federation", "Russian", "俄罗斯; 俄罗斯联邦; 俄"),
    _c("BY", "Belarus", "", "Belarusian; Belarussian", "白俄罗斯"),
    _c("UA", "Ukraine", "", "Ukrainian", "乌克兰"),
    _c("IR", "Iran", "Islamic Republic of Iran", "Iranian", "伊朗"),
    _c("KP", "North Korea", "Democratic People's Republic of Korea; Korea, North; DPRK",
       "North Korean", "朝鲜"),
    _c("KR", "South Korea", "Republic of Korea; Korea, South; Korea, Republic of; Korea; ROK",
       "South Korean; Korean", "韩国; 大韩民国; 南韩"),
    _c("JP", "Japan", "", "Japanese", "日本"),
    _c("NL", "Netherlands", "Holland", "Dutch", "荷兰"),
    _c("DE", "Germany", "", "German", "德国"),
    _c("FR", "France", "", "French", "法国"),
    _c("GB", "United Kingdom", "UK; U.K.; Great Britain", "British", "英国"),
    _c("IT", "Italy", "", "Italian", "意大利"),
    _c("ES", "Spain", "", "Spanish", "西班牙"),
    _c("PT", "Portugal", "", "Portuguese", "葡萄牙"),
    _c("BE", "Belgium", "", "Belgian", "比利时"),
    _c("LU", "Luxembourg", "", "", "卢森堡"),
    _c("IE", "Ireland", "", "Irish", "爱尔兰"),
    _c("AT", "Austria", "", "Austrian", "奥地利"),
    _c("CH", "Switzerland", "", "Swiss", "瑞士"),
    _c("LI", "Liechtenstein", "", "", "列支敦士登"),
    _c("SE", "Sweden", "", "Swedish", "瑞典"),
    _c("FI", "Finland", "", "Finnish", "芬兰"),
    _c("NO", "Norway", "", "Norwegian", "挪威"),
    _c("DK", "Denmark", "", "Danish", "丹麦"),
    _c("IS", "Iceland", "", "Icelandic", "冰岛"),
    _c("PL", "Poland", "", "Polish", "波兰"),
    _c("CZ", "Czech Republic", "Czechia", "Czech", "捷克"),
    _c("SK", "Slovakia", "Slovak Republic", "Slovak", "斯洛伐克"),
    _c("HU", "Hungary", "", "Hungarian", "匈牙利"),
    _c("RO", "Romania", "", "Romanian", "罗马尼亚"),
    _c("BG", "Bulgaria", "", "Bulgarian", "保加利亚"),
    _c("GR", "Greece", "", "Greek", "希腊"),
    _c("CY", "Cyprus", "", "Cypriot", "塞浦路斯"),
    _c("MT", "Malta", "", "Maltese", "马耳他"),
    _c("SI", "Slovenia", "", "Slovenian", "斯洛文尼亚"),
    _c("HR", "Croatia", "", "Croatian", "克罗地亚"),
    _c("RS", "Serbia", "", "Serbian", "塞尔维亚"),
    _c("BA", "Bosnia and Herzegovina", "Bosnia-Herzegovina", "", "波黑; 波斯尼亚和黑塞哥维那"),
    _c("ME", "Montenegro", "", "", "黑山"),
    _c("MK", "North Macedonia", "Macedonia", "", "北马其顿"),
    _c("AL", "Albania", "", "Albanian", "阿尔巴尼亚"),
    _c("XK", "Kosovo", "", "", "科索沃"),
    _c("MD", "Moldova", "", "Moldovan", "摩尔多瓦"),
    _c("EE", "Estonia", "", "Estonian", "爱沙尼亚"),
    _c("LV", "Latvia", "", "Latvian", "拉脱维亚"),
    _c("LT", "Lithuania", "", "Lithuanian", "立陶宛"),
    _c("TR", "Turkey", "Türkiye; Turkiye; T[uuml]rkiye; Republic of Türkiye", "Turkish", "土耳其"),
    _c("GE", "Georgia", "", "", "格鲁吉亚"),
    _c("AM", "Armenia", "", "Armenian", "亚美尼亚"),
    _c("AZ", "Azerbaijan", "", "Azerbaijani", "阿塞拜疆"),
    _c("KZ", "Kazakhstan", "", "Kazakh; Kazakhstani", "哈萨克斯坦"),
    _c("KG", "Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", "吉尔吉斯斯坦"),
    _c("UZ", "Uzbekistan", "", "Uzbek", "乌兹别克斯坦"),
    _c("TJ", "Tajikistan", "", "Tajik", "塔吉克斯坦"),
    _c("TM", "Turkmenistan", "", "", "土库曼斯坦"),
    _c("MN", "Mongolia", "", "Mongolian", "蒙古"),
    _c("AF", "Afghanistan", "", "Afghan", "阿富汗"),
    _c("PK", "Pakistan", "", "Pakistani", "巴基斯坦"),
    _c("IN", "India", "", "", "印度"),  # not "Indian": "Bureau of Indian Affairs" in FR text
    _c("BD", "Bangladesh", "", "", "孟加拉国"),
    _c("LK", "Sri Lanka", "", "", "斯里兰卡"),
    _c("NP", "Nepal", "", "", "尼泊尔"),
    _c("MM", "Burma", "Myanmar", "Burmese", "缅甸"),
    _c("TH", "Thailand", "", "Thai", "泰国"),
    _c("LA", "Laos", "Lao People's Democratic Republic", "Lao", "老挝"),
    _c("KH", "Cambodia", "", "Cambodian", "柬埔寨"),
    _c("VN", "Vietnam", "Viet Nam", "Vietnamese", "越南"),
    _c("MY", "Malaysia", "", "Malaysian", "马来西亚"),
    _c("SG", "Singapore", "", "Singaporean", "新加坡"),
    _c("ID", "Indonesia", "", "Indonesian", "印度尼西亚; 印尼"),
    _c("PH", "Philippines", "", "Philippine; Filipino", "菲律宾"),
    _c("AU", "Australia", "", "Australian", "澳大利亚"),
    _c("NZ", "New Zealand", "", "", "新西兰"),
    _c("CA", "Canada", "", "Canadian", "加拿大"),
    _c("MX", "Mexico", "", "Mexican", "墨西哥"),
    _c("BR", "Brazil", "", "Brazilian", "巴西"),
    _c("AR", "Argentina", "", "Argentine; Argentinian", "阿根廷"),
    _c("CL", "Chile", "", "Chilean", "智利"),
    _c("CO", "Colombia", "", "Colombian", "哥伦比亚"),
    _c("PE", "Peru", "", "Peruvian", "秘鲁"),
    _c("EC", "Ecuador", "", "Ecuadorian", "厄瓜多尔"),
    _c("VE", "Venezuela", "", "Venezuelan", "委内瑞拉"),
    _c("BO", "Bolivia", "", "Bolivian", "玻利维亚"),
    _c("PY", "Paraguay", "", "", "巴拉圭"),
    _c("UY", "Uruguay", "", "", "乌拉圭"),
    _c("CU", "Cuba", "", "Cuban", "古巴"),
    _c("NI", "Nicaragua", "", "Nicaraguan", "尼加拉瓜"),
    _c("CR", "Costa Rica", "", "", "哥斯达黎加"),
    _c("PA", "Panama", "", "Panamanian", "巴拿马"),
    _c("GT", "Guatemala", "", "", "危地马拉"),
    _c("HN", "Honduras", "", "", "洪都拉斯"),
    _c("SV", "El Salvador", "", "", "萨尔瓦多"),
    _c("DO", "Dominican Republic", "", "", "多米尼加"),
    _c("HT", "Haiti", "", "", "海地"),
    _c("JM", "Jamaica", "", "", "牙买加"),
    _c("BZ", "Belize", "", "", "伯利兹"),
    _c("IL", "Israel", "", "Israeli", "以色列"),
    _c("PS", "West Bank", "Gaza", "", "巴勒斯坦"),
    _c("LB", "Lebanon", "", "Lebanese", "黎巴嫩"),
    _c("SY", "Syria", "Syrian Arab Republic", "Syrian", "叙利亚"),
    _c("JO", "Jordan", "", "Jordanian", "约旦"),
    _c("IQ", "Iraq", "", "Iraqi", "伊拉克"),
    _c("SA", "Saudi Arabia", "", "Saudi", "沙特阿拉伯; 沙特"),
    _c("AE", "United Arab Emirates", "UAE; U.A.E.", "Emirati", "阿联酋; 阿拉伯联合酋长国"),
    _c("QA", "Qatar", "", "Qatari", "卡塔尔"),
    _c("KW", "Kuwait", "", "Kuwaiti", "科威特"),
    _c("BH", "Bahrain", "", "", "巴林"),
    _c("OM", "Oman", "", "Omani", "阿曼"),
    _c("YE", "Yemen", "", "Yemeni", "也门"),
    _c("EG", "Egypt", "", "Egyptian", "埃及"),
    _c("LY", "Libya", "", "Libyan", "利比亚"),
    _c("TN", "Tunisia", "", "", "突尼斯"),
    _c("DZ", "Algeria", "", "Algerian", "阿尔及利亚"),
    _c("MA", "Morocco", "", "Moroccan", "摩洛哥"),
    _c("SD", "Sudan", "", "Sudanese", "苏丹"),
    _c("SS", "South Sudan", "", "", "南苏丹"),
    _c("ER", "Eritrea", "", "", "厄立特里亚"),
    _c("ET", "Ethiopia", "", "Ethiopian", "埃塞俄比亚"),
    _c("SO", "Somalia", "", "Somali", "索马里"),
    _c("KE", "Kenya", "", "Kenyan", "肯尼亚"),
    _c("TZ", "Tanzania", "", "", "坦桑尼亚"),
    _c("UG", "Uganda", "", "", "乌干达"),
    _c("RW", "Rwanda", "", "", "卢旺达"),
    _c("CD", "Democratic Republic of the Congo", "Congo (Kinshasa)", "", "刚果（金）; 刚果民主共和国"),
    _c("CG", "Republic of the Congo", "Congo (Brazzaville)", "", "刚果（布）"),
    _c("CF", "Central African Republic", "", "", "中非共和国"),
    _c("NG", "Nigeria", "", "Nigerian", "尼日利亚"),
    _c("NE", "Niger", "", "", "尼日尔"),
    _c("ML", "Mali", "", "Malian", "马里"),
    _c("GH", "Ghana", "", "Ghanaian", "加纳"),
    _c("SN", "Senegal", "", "Senegalese", "塞内加尔"),
    _c("ZA", "South Africa", "", "South African", "南非"),
    _c("ZW", "Zimbabwe", "", "", "津巴布韦"),
    _c("ZM", "Zambia", "", "", "赞比亚"),
    _c("MZ", "Mozambique", "", "", "莫桑比克"),
    _c("AO", "Angola", "", "", "安哥拉"),
    _c("NA", "Namibia", "", "", "纳米比亚"),
    _c("BW", "Botswana", "", "", "博茨瓦纳"),
    _c("MG", "Madagascar", "", "", "马达加斯加"),
)
# fmt: on

COUNTRY_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}


def _key(name: str) -> str:
    """Lookup key for a printed country name: lower case, one kind of apostrophe, single spaces."""
    s = name.replace("’", "'").replace("`", "'").lower()
    return " ".join(s.replace(",", " , ").split()).replace(" ,", ",")


_BY_NAME: dict[str, str] = {}
for _country in COUNTRIES:
    for _form in (*_country.english, *_country.zh):
        _BY_NAME.setdefault(_key(_form), _country.code)


def country_code(name: str) -> str | None:
    """ISO code of a printed country name, adjective or Chinese name; None when unknown.

    Args:
        name: a printed form such as "CHINA, PEOPLE'S REPUBLIC OF", "Russia's" or "俄罗斯".

    Returns:
        The ISO 3166-1 alpha-2 code, or None.
    """
    key = _key(name.strip().rstrip(".:;"))
    if key.endswith("'s"):
        key = key[:-2]
    if key.startswith("the "):
        key = key[4:]
    return _BY_NAME.get(key)
