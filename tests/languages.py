"""Catalogs for page tests: the project's own, plus a small Arabic one to check right-to-left pages; translations."""
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from api.i18n import LOCALES_DIR, Catalogs

# Only what the help page shows, for a test catalog; real translations live in locales/.
ARABIC = {
    "Get help": "احصل على المساعدة",
    "Leave quickly": "غادر بسرعة",
    "Leave this page": "مغادرة هذه الصفحة",
    "In danger right now? Call an emergency number": "في خطر الآن؟ اتصل برقم الطوارئ",
    "Talk to someone": "تحدّث إلى شخص ما",
    "Report it": "أبلغ عنه",
    "Call": "اتصل",
    "Send a text": "أرسل رسالة نصية",
    "Chat": "دردشة",
    "Open the website": "افتح الموقع",
    "Emergency number": "رقم الطوارئ",
    "Listening line": "خط استماع",
    "Reporting platform": "منصة إبلاغ",
    "Open 24/7": "مفتوح على مدار الساعة",
    "Open now": "مفتوح الآن",
    "Closed": "مغلق",
    "Closed, opens at %(time)s": "مغلق، يفتح الساعة %(time)s",
    "Free": "مجاني",
    "Anonymous": "دون الكشف عن الهوية",
    "Sextortion": "الابتزاز الجنسي",
    "Someone threatens to share intimate pictures of you unless you pay or send more.":
        "شخص يهدد بنشر صور حميمة لك ما لم تدفع أو ترسل المزيد.",
}


def catalogs_with_arabic(folder: Path) -> Catalogs:
    """The project's compiled catalogs, plus a small Arabic one when locales/ has none."""
    for compiled in LOCALES_DIR.glob("*/LC_MESSAGES/messages.mo"):
        target = folder / compiled.relative_to(LOCALES_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(compiled, target)
    arabic = folder / "ar" / "LC_MESSAGES" / "messages.mo"
    if not arabic.exists():
        catalog = Catalog(locale="ar")
        for source, text in ARABIC.items():
            catalog.add(source, text)
        arabic.parent.mkdir(parents=True, exist_ok=True)
        with open(arabic, "wb") as handle:
            write_mo(handle, catalog)
    return Catalogs(folder)


def translation(app, locale: str, message: str) -> str:
    """`message` as the app's catalog for `locale` says it (for Arabic: the project's own, or the small one above)."""
    translated = app.extensions["helplinks"].catalogs.get(locale).gettext(message)
    assert translated != message, f"no {locale} translation for {message!r}"
    return translated
