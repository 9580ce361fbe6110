"""Languages as exports, pages and documents name them, brought to their ISO 639-1 codes."""

from __future__ import annotations

import re

# Each code with the names news databases and pages give it, in their interface languages
# (English, German, French, Dutch, Spanish, Italian, Portuguese, Chinese, Japanese, Korean)
# and its own.
_NAMES = {
    "en": "english englisch anglais engels inglés ingles inglese inglês 英文 英語 英语 영어",
    "de": "german deutsch allemand duits alemán aleman tedesco alemão"
    " 德文 德語 德语 ドイツ語 독일어",
    "fr": "french französisch franzosisch français francais frans francés frances francese"
    " 法文 法語 法语 フランス語 프랑스어",
    "nl": "dutch niederländisch niederlandisch néerlandais neerlandais nederlands neerlandés "
    "olandese holandês flemish vlaams",
    "es": "spanish spanisch espagnol spaans español espanol castellano spagnolo espanhol"
    " 西班牙文 西班牙語 西班牙语 スペイン語 스페인어",
    "it": "italian italienisch italien italiaans italiano",
    "pt": "portuguese portugiesisch portugais portugees portugués portugues portoghese português",
    "ru": "russian russisch russe russisch ruso russo русский",
    "pl": "polish polnisch polonais pools polaco polacco polski",
    "sv": "swedish schwedisch suédois zweeds sueco svedese svenska",
    "da": "danish dänisch danois deens danés danese dansk",
    "no": "norwegian norwegisch norvégien noors noruego norvegese norsk",
    "fi": "finnish finnisch finnois fins finés finlandese suomi",
    "tr": "turkish türkisch turc turks turco türkçe",
    "ar": "arabic arabisch arabe arabisch árabe arabo العربية",
    "zh": "chinese chinesisch chinois chinees chino cinese 中文 汉语 漢語 中国語 중국어",
    "ja": "japanese japanisch japonais japans japonés giapponese 日本語 日文 日語 日语",
    "ko": "korean koreanisch coréen koreaans coreano 한국어 韩文 韓文 韓国語 韩语",
    "el": "greek griechisch grec grieks griego greco ελληνικά",
    "cs": "czech tschechisch tchèque tsjechisch checo ceco čeština",
    "hu": "hungarian ungarisch hongrois hongaars húngaro ungherese magyar",
    "ro": "romanian rumänisch roumain roemeens rumano rumeno română",
    "uk": "ukrainian ukrainisch ukrainien oekraïens ucraniano ucraino українська",
    "he": "hebrew hebräisch hébreu hebreeuws hebreo ebraico עברית",
    "hi": "hindi",
    "id": "indonesian indonesisch indonésien indonesisch indonesio indonesiano",
    "ca": "catalan katalanisch catalan catalaans catalán catalano català",
}
_BY_NAME = {name: code for code, names in _NAMES.items() for name in names.split()}
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$")


def language_code(value: str) -> str:
    """ "en" for "English", "ENGLISH", "en-GB" or "Englisch"; a name this table does not know
    stays as written, in lower case; "" for none."""
    text = " ".join(value.split()).casefold()
    if not text:
        return ""
    first = re.split(r"[;,/()]", text, maxsplit=1)[0].strip()
    if first in _BY_NAME:
        return _BY_NAME[first]
    match = _CODE.match(first)
    if match and (match.group(1) in _NAMES or len(first) <= 3):
        return match.group(1)
    return first
