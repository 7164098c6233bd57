import pytest

from kinerja_survey.collect.instrument import (
    InstrumentError,
    berakhlak,
    from_csv,
    from_dict,
    from_yaml,
    load,
)


def test_berakhlak_has_the_seven_values_with_their_official_indicators():
    inst = berakhlak()
    names = [c.name["id"] for c in inst.competencies]
    assert names == ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
    assert all(len(c.items) == 3 for c in inst.competencies)
    assert len({i.code for i in inst.items}) == 21
    # indicator texts as in the panduan perilaku BerAKHLAK (SE MenPANRB 20/2021)
    texts = {i.code: i.text["id"] for i in inst.items}
    assert texts["BER1"] == "Memahami dan memenuhi kebutuhan masyarakat"
    assert texts["AKU3"] == "Tidak menyalahgunakan kewenangan jabatan"
    assert texts["KOL3"] == "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama"
    assert all(i.text["en"] for i in inst.items)
    assert inst.scale.points == (1, 2, 3, 4, 5)
    assert inst.scale.label(1) == "Sangat Kurang" and inst.scale.label(5, "en") == "Very good"


def test_round_trip_through_plain_data():
    inst = berakhlak()
    assert from_dict(inst.to_dict()) == inst


def test_custom_yaml_instrument(tmp_path):
    path = tmp_path / "manajerial.yaml"
    path.write_text(
        "code: MANAJERIAL\n"
        "name: Kompetensi Manajerial\n"
        "require_overall_comment: true\n"
        "scale: {low: 1, high: 4, labels: {id: [Kurang, Cukup, Baik, Istimewa]}}\n"
        "competencies:\n"
        "  - code: INT\n    name: Integritas\n    items: [Jujur dalam bertugas, {code: INT9, text: Konsisten}]\n"
        "  - code: KER\n    name: {id: Kerjasama, en: Teamwork}\n    items: [Membangun tim]\n", encoding="utf-8")
    inst = load(path)
    assert inst.code == "MANAJERIAL" and inst.require_overall_comment
    assert [i.code for i in inst.items] == ["INT1", "INT9", "KER1"]
    assert inst.scale.points == (1, 2, 3, 4) and inst.scale.label(4) == "Istimewa"
    assert inst.competency("KER").name["en"] == "Teamwork"


@pytest.mark.parametrize("text, fragment", [
    ("code: X\ncompetencies: []\n", "competencies"),
    ("code: X\ncompetencies:\n  - code: A\n    items: []\n", "kompetensi ke-1"),
    ("code: X\ncompetencies:\n  - code: A\n    items: [a]\n  - code: A\n    items: [b]\n", "ganda"),
    ("code: X\nscale: {low: 1, high: 5, labels: {id: [a, b]}}\ncompetencies:\n  - code: A\n    items: [a]\n", "scale.labels.id"),
    ("code: X\ncompetencies:\n  - code: A\n    items: [{code: A1}]\n", "butir ke-1"),
    ("- just\n- a list\n", "mapping"),
    ("code: [unclosed\n", "YAML tidak valid"),
])
def test_bad_yaml_names_the_field(text, fragment):
    with pytest.raises(InstrumentError, match=fragment):
        from_yaml(text)


def test_custom_csv_instrument_and_row_errors(tmp_path):
    good = ("competency_code,competency_name,item_code,item_text,item_text_en\n"
            "ORI,Orientasi Hasil,ORI1,Menetapkan target,Sets targets\n"
            "ORI,Orientasi Hasil,ORI2,Mencapai target,\n"
            "PEL,Pelayanan Publik,PEL1,Melayani dengan ramah,\n")
    path = tmp_path / "kompetensi.csv"
    path.write_text(good, encoding="utf-8-sig")
    inst = load(path)
    assert [c.code for c in inst.competencies] == ["ORI", "PEL"]
    assert inst.competency("ORI").items[0].text == {"id": "Menetapkan target", "en": "Sets targets"}
    with pytest.raises(InstrumentError, match="baris 3: kolom 'item_text' kosong"):
        from_csv("competency_code,competency_name,item_code,item_text\nA,Aa,A1,x\nA,Aa,A2,\n")
    with pytest.raises(InstrumentError, match="kolom wajib tidak ada: item_code"):
        from_csv("competency_code,competency_name,item_text\nA,Aa,x\n")
    with pytest.raises(InstrumentError, match="jenis berkas"):
        load(tmp_path / "x.txt")
