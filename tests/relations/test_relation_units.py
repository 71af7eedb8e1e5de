"""A named unit inside another body ("the X of the Y", "Y's X") is a member of it, and no event
between the two in the same passage makes them enemies (sentences written for the tests)."""


def members(doc):
    names = {a.id: a.name for a in doc.actors}
    return {(names.get(r.source), names.get(r.target)) for r in doc.relations if r.type == "member_of"}


def test_a_unit_of_a_body(code):
    doc = code("The Anti-Narcotics Unit of the Philippine National Police raided the house.")
    [(unit, body)] = members(doc)
    assert "Anti" in unit and "Philippines" in body
    rel = next(r for r in doc.relations if r.type == "member_of")
    assert rel.reason.startswith("a unit of a body")


def test_a_possessive_unit_is_no_enemy_of_its_body(code):
    doc = code("Near the border, the army's 9th Infantry Brigade suffered heavy casualties on Monday.")
    [(unit, _)] = members(doc)
    assert "9th Infantry Brigade" in unit
    assert not [r for r in doc.relations if r.type == "hostile"]


def test_a_state_is_no_body_of_its_organs(code):
    doc = code("Colombia's National Police arrested two men in Cali.")
    assert members(doc) == set()


def test_a_description_read_as_the_state_forces_is_no_unit(code):
    doc = code("The Rapid Response Battalion of the Kenya Police raided the house.")  # read as KEN_MIL
    assert members(doc) == set()


def test_the_sides_of_a_clash_coded_as_recipients_are_enemies(pipeline):
    doc = pipeline.process(
        "Four CPI-Maoist cadres were killed in an encounter with the CoBRA in Latehar district of Jharkhand.",
        date="2017-05-07",
    )
    clash = next(e for e in doc.events if e.acled_sub_event_type == "Armed clash")
    assert not clash.actors  # the tagger reads both sides as recipients
    assert frozenset(("CPI_MAOIST", "IND_COBRA")) in {
        frozenset((r.source, r.target)) for r in doc.relations if r.type == "hostile"
    }


def test_a_joint_body_and_ties_are_alliances(code):
    doc = code("A joint team of Hezbollah and Jabhat al-Nusra fighters raided the town.")
    assert frozenset(("HEZBOLLAH", "NUSRA")) in {
        frozenset((r.source, r.target)) for r in doc.relations if r.type == "ally"
    }
    ties = code("Hezbollah has deep ties to Jabhat al-Nusra, officials said.")
    assert frozenset(("HEZBOLLAH", "NUSRA")) in {
        frozenset((r.source, r.target)) for r in ties.relations if r.type == "ally"
    }


def test_a_private_person_is_no_party_of_an_event_relation(pipeline):
    doc = pipeline.process(
        "Shining Path guerrillas shot dead Josef Alvarado, a farmer, near Ayacucho.", date="2017-05-07"
    )
    assert [e for e in doc.events if e.type == "ASSAULT" and e.recipients]  # the killing is coded
    person = next(a.id for a in doc.actors if a.kind == "person")
    # but the person is no side; "a farmer" is the civilians, as "killed 20 civilians" would be
    hostile = [r for r in doc.relations if r.type == "hostile"]
    assert not [r for r in hostile if person in (r.source, r.target)]
    assert all("CVL" in (r.source + r.target) for r in hostile)
