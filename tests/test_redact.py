"""Typed text reaches outputs only through a closed gate."""

import pandas as pd
import pytest

from budaya_kerja.io import redact
from budaya_kerja.io.redact import DIGITS, WITHHELD, echo_answers, redact_agencies, redact_agency
from budaya_kerja.io.units import UnitMatcher

WORDS = ["dinas", "badan", "biro", "rsud", "rsj", "upt", "uptd", "sekretariat", "inspektorat",
         "kantor", "bidang", "bagian", "satuan", "balai", "unit"]  # fmt: skip


@pytest.fixture(scope="module")
def known(units) -> list[str]:
    """The shipped units' spellings (codes, names, aliases, suffixes) as clean passes them."""
    matcher = UnitMatcher(units)
    return [*matcher.lookup, *matcher.suffixes]


@pytest.mark.parametrize("typed,shown", [
    ("Budi Santoso 198203212008041001", WITHHELD),  # no organisation word: maybe a person
    ("Budi Santoso", WITHHELD),
    ("Siti_Aminah", WITHHELD),
    ("198203212008041001", WITHHELD),
    ("UPT Samsat 198203212008041001", f"UPT Samsat {DIGITS}"),
    ("Dinas Kesehtan Prov", "Dinas Kesehtan Prov"),  # typos of agency words stay visible
    ("dinas   pendidkan", "dinas pendidkan"),
    ("Biro Organsasi", "Biro Organsasi"),
    ("Badan Pengelola Aset", "Badan Pengelola Aset"),
    ("UPT Samsat", "UPT Samsat"),
    ("Dinas Kesehatan Prov. Kalteng", "Dinas Kesehatan Prov. Kalteng"),
    ("Dinas PU & Penataan Ruang", "Dinas PU & Penataan Ruang"),
    ("UPT Wilayah II", "UPT Wilayah II"),
    ("Bidang 12345", "Bidang 12345"),  # five digits: a room or a code, not a NIP
    ("BKPSDM", "BKPSDM"),  # one letter from the known acronym BPSDM
    ("SETDA-ORG", "SETDA-ORG"),
    ("Bkpsdm", WITHHELD),  # not an acronym in capitals, no organisation word
    ("Dinas " + "x" * 80, WITHHELD),  # a sentence, not a name
    ("", ""),
    # A person's name beside (or instead of) an organisation word (issue 9 review).
    ("SUPARMAN", WITHHELD),  # one name in capitals is not an acronym of an agency
    ("SITI", WITHHELD),
    ("Dinas Kesehatan Budi Santoso", WITHHELD),
    ("dinas kesehatan budi santoso", WITHHELD),
    ("DINAS KESEHATAN BUDI SANTOSO", WITHHELD),
    ("Bidang Umum - Siti Aminah 08123", WITHHELD),
    ("Drs. Budi Santoso, M.Si", WITHHELD),
    ("Dinas Pendidikan, Siti Aminah S.Pd", WITHHELD),
    ("UPT Samsat (Sdr. Agus)", WITHHELD),
    ("RSUD dr. Doris Sylvanus - dr. Hartono", WITHHELD),
    ("Dinas Кадров 人事", WITHHELD),  # words in any script count: Кадров may be a surname
    ("Dinas Kesehatan Setiawan", WITHHELD),  # close to "setwan" (0.86), not close enough
    # E-mail and web addresses.
    ("siti@dinas.go.id", WITHHELD),
    ("Dinas Kesehatan siti.aminah@gmail.com", WITHHELD),
    ("bkd.kalteng.go.id", WITHHELD),
    ("https://dinkes.kaltengprov.go.id", WITHHELD),
    ("Dinas Kesehatan www.dinkes.id", WITHHELD),
    # Digits counted across spaces, dots, dashes, slashes and brackets.
    ("UPT Samsat 1982 0321 2008 041001", f"UPT Samsat {DIGITS}"),
    ("UPT Samsat 19820321.200804.1.001", f"UPT Samsat {DIGITS}"),
    ("UPT Samsat 1982-03-21", f"UPT Samsat {DIGITS}"),  # a birth date
    ("UPT Samsat +62 812-3456-7890", f"UPT Samsat {DIGITS}"),
    ("UPT Samsat (0536) 322 1234", f"UPT Samsat {DIGITS}"),
    ("UPT Samsat 1982_0321_2008_041001", f"UPT Samsat {DIGITS}"),
    ("UPT Samsat NIP:1982,0321,2008,041001", WITHHELD),  # "nip" is no agency word
    ("UPT Samsat １９８２０３２１２００８０４１００１", f"UPT Samsat {DIGITS}"),  # full-width
    ("Biro Organsasi, telp 0812345678", WITHHELD),  # "telp" is no agency word
    # A job title names one person.
    ("Kepala Dinas Kesehatan", WITHHELD),
    ("Sekretaris Badan Kepegawaian Daerah", WITHHELD),
    ("Staf Bidang Umum", WITHHELD),
])  # fmt: skip
def test_agency_names(typed, shown, known):
    assert redact_agency(typed, WORDS, known) == shown


# Common Indonesian personal names: none may pass as an agency word or a typo of one.
PERSONAL_NAMES = """budi santoso siti aminah suparman agus hartono wahyuni dewi lestari rahmat
    hidayat ahmad muhammad yusuf indah putri prasetyo bambang susanto widodo kurniawan setiawan
    sutrisno yanti hendra gunawan rizki fitri ratna purnama mulyadi suryani haryanto herman
    darmawan pratama saputra wibowo nugroho handayani kusuma rahayu sugiarto hermawan irawan
    ramadhan fauzi nurhayati marlina suratman sinaga damang kristina yohanes agustina kartini
    permata mahendra wijaya""".split()


@pytest.mark.parametrize("person", PERSONAL_NAMES)
def test_a_personal_name_beside_an_agency_is_withheld(person, known):
    assert person not in redact.name_vocabulary(WORDS, known)
    for typed in (f"Dinas Kesehatan {person}", f"UPT Samsat {person.title()}", person.upper()):
        assert redact_agency(typed, WORDS, known) == WITHHELD


def test_the_built_in_words_are_agency_words_not_names():
    assert {"samsat", "kesehatan", "provinsi", "umum"} <= redact.NAME_WORDS
    assert not redact.NAME_WORDS & set(PERSONAL_NAMES)


def test_agency_names_of_a_column_are_redacted_once_each(known):
    names = pd.Series(["Budi Santoso", "BKPSDM", "Budi Santoso"])
    assert redact_agencies(names, WORDS, known).tolist() == [WITHHELD, "BKPSDM", WITHHELD]


@pytest.mark.parametrize("typed,shown", [
    ("99", "99"), ("4,5", "4,5"), ("-1", "-1"), ("0", "0"), ("7.25", "7.25"),
    ("sangat", "sangat"), ("Tidak Setuju Sekali", WITHHELD), ("setuju tidak", "setuju tidak"),
    ("Siti_Aminah", WITHHELD), ("Siti Aminah", WITHHELD), ("kadang", WITHHELD),
    ("198203212008041001", WITHHELD), ("1234", WITHHELD), ("=1+1", WITHHELD),
    ("sangat_setuju", WITHHELD),
])  # fmt: skip
def test_invalid_answers_are_shown_only_from_a_closed_set(typed, shown):
    words = {"sangat", "setuju", "tidak", "netral"}
    assert echo_answers(pd.Series([typed]), words).tolist() == [shown]


def test_the_demo_unknown_agencies_stay_visible_and_its_typed_names_do_not(known):
    """The analyst sees the demo's typo'd agency names (to add them as aliases); none of the
    personal names the demo types into the wrong fields passes beside an agency word."""
    from budaya_kerja.synthetic import exports

    shown = redact_agencies(pd.Series(exports.UNKNOWN_UNITS), WORDS, known)
    assert shown.tolist() == exports.UNKNOWN_UNITS
    for person in exports.FIRST + exports.LAST:
        assert redact_agency(f"Dinas Kesehatan {person}", WORDS, known) == WITHHELD, person
        assert redact_agency(person.upper(), WORDS, known) == WITHHELD, person
