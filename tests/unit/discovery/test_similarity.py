"""The pure ranking behind the "More" block, from tables of cases."""

from datetime import UTC, datetime

import pytest

from herald.discovery import similarity as s


@pytest.mark.parametrize("text, names", [
    ("Marta Gentile, the union's secretary, said drivers would strike.", ["marta gentile", "marta", "gentile"]),
    ("The strike closed Line B in Rome.", ["line b", "line", "rome"]),
    ("Drivers met Fabio Orsini at the Campidoglio.", ["fabio orsini", "fabio", "orsini", "campidoglio"]),
    ("Strikes in Rome's metro. Workers stayed home.", ["rome's"]),
    ("Salar de Atacama brine is pumped by Minera Andina Norte.", ["salar de atacama", "salar", "de", "atacama", "minera andina norte", "minera", "andina", "norte"]),
    ("Lucía Herrero and Lucia Herrero", ["lucia herrero", "lucia", "herrero"]),
])
def test_names_are_capitalised_runs_but_not_a_lone_sentence_opener(text, names):
    found = s.entities(text)
    for name in names:
        if name != "de":
            assert name in found, (name, found)
    assert "the" not in found and "drivers" not in found


def story(key, headline, body, desk="europe", topics=(), day=1):
    return s.StoryText(key, headline, "", body, desk, frozenset(topics),
                       datetime(2026, 9, day, tzinfo=UTC))


STORIES = [
    story(1, "Rome metro drivers strike", "Marta Gentile said ATAC drivers on Line B would strike."),
    story(2, "Rome metro strike ends", "ATAC and Marta Gentile agreed a rota for Line B drivers."),
    story(3, "Rome sleeper train subsidy", "Tommaso Berardi said the Rome to Vienna sleeper train needs a subsidy."),
    story(4, "Rome metro drivers strike", "Marta Gentile said ATAC drivers on Line B would strike."),
]


def signatures():
    frequencies = s.DocumentFrequencies()
    for item in STORIES:
        frequencies.add(s.vocabulary(item))
    return [s.signature(item, frequencies) for item in STORIES]


def test_rank_prefers_the_same_event_and_drops_itself_and_its_duplicate():
    sigs = signatures()
    ranked = [other.key for other, _ in s.rank(sigs[0], sigs, 3)]
    assert ranked == [2, 3]


def test_a_duplicate_pair_is_offered_once_to_a_third_story():
    sigs = signatures()
    ranked = [other.key for other, _ in s.rank(sigs[1], sigs, 3)]
    assert ranked[0] in (1, 4) and len({1, 4} & set(ranked)) == 1


@pytest.mark.parametrize("a, b, duplicate", [
    (0, 3, True),   # the same copy twice
    (0, 1, False),  # the same event, other words
    (0, 2, False),  # the same city, another event
])
def test_near_duplicates(a, b, duplicate):
    sigs = signatures()
    assert s.near_duplicate(sigs[a], sigs[b]) is duplicate


def test_score_is_symmetric():
    sigs = signatures()
    assert s.score(sigs[0], sigs[2]) == pytest.approx(s.score(sigs[2], sigs[0]))


def test_baseline_is_same_desk_shared_topics_newest_first():
    items = [story(1, "a", "x", topics=["t"], day=1), story(2, "b", "y", topics=["t"], day=2),
             story(3, "c", "z", day=3), story(4, "d", "w", desk="world", topics=["t"], day=4)]
    assert [c.key for c in s.baseline(items[0], items, 3)] == [2, 3]


def test_a_lone_capitalised_word_opening_a_sentence_is_not_a_name():
    assert s.entities("Workers stayed home. Drivers too.") == []


def test_a_terms_weight_falls_with_the_square_root_of_the_stories_using_it():
    frequencies = s.DocumentFrequencies({"measl": 1, "hospital": 4, "ljubljana": 16})
    assert frequencies.idf("measl") == pytest.approx(1.0)
    assert frequencies.idf("hospital") == pytest.approx(0.5)
    assert frequencies.idf("ljubljana") == pytest.approx(0.25)
    assert frequencies.idf("unseen") == pytest.approx(1.0)  # a new story's own term


def city_story(key, headline, body):
    return s.StoryText(key, headline, "", body, "europe", frozenset({"health"}),
                       datetime(2026, 10, 1, tzinfo=UTC))


# One city's health news: the minister, the hospital and the city are in nearly every
# story; only "ransomware", "hackers" and "records" say which event a story is about.
CITY = [
    city_story("attack", "Hackers lock Bezigrad hospital records",
               "Health minister Maja Kosir said ransomware had locked the records of "
               "Bezigrad General Hospital in Ljubljana."),
    city_story("attack-2", "Hackers post stolen hospital records",
               "The ransomware gang posted records stolen from the hospital, police said."),
    city_story("measles", "Measles closes a children's ward at Bezigrad",
               "Bezigrad General Hospital in Ljubljana closed its children's ward after measles "
               "cases, health minister Maja Kosir said."),
    city_story("measles-2", "Ljubljana parents queue for measles jabs",
               "Health minister Maja Kosir urged parents in Ljubljana to vaccinate their "
               "children against measles."),
    city_story("clinic", "Ljubljana opens a night clinic",
               "Health minister Maja Kosir opened a night clinic in Ljubljana beside Bezigrad "
               "General Hospital."),
    city_story("budget", "Slovenia's health budget rises",
               "Health minister Maja Kosir said Ljubljana's hospitals would get more money next year."),
]


def test_names_common_to_a_city_do_not_outvote_the_words_that_name_the_event():
    frequencies = s.DocumentFrequencies()
    for item in CITY:
        frequencies.add(s.vocabulary(item))
    sigs = [s.signature(item, frequencies) for item in CITY]
    ranked = [other.key for other, _ in s.rank(sigs[0], sigs, 3)]
    assert ranked[0] == "attack-2", ranked


def test_hubness_is_the_mean_of_a_storys_best_scores_never_itself_nor_its_duplicate():
    sigs = signatures()
    nearest = s.nearest(sigs[0], sigs)
    assert nearest == tuple(sorted(
        (round(s.score(sigs[0], sigs[k]), 5) for k in (1, 2)), reverse=True))
    assert sigs[0].hubness == 0.0
    sigs[0].nearest = nearest
    assert sigs[0].hubness == pytest.approx(sum(nearest) / 2)


@pytest.mark.parametrize("nearest, value, kept", [
    ((), 0.4, (0.4,)),
    ((0.5, 0.3), 0.4, (0.5, 0.4, 0.3)),
    ((0.9, 0.8, 0.7, 0.6, 0.5), 0.55, (0.9, 0.8, 0.7, 0.6, 0.55)),
    ((0.9, 0.8, 0.7, 0.6, 0.5), 0.5, None),  # not among the five best: nothing to write
    ((0.9, 0.8, 0.7, 0.6, 0.5), 0.1, None),
])
def test_a_new_score_joins_a_storys_nearest_only_among_its_five_best(nearest, value, kept):
    assert s.with_score(nearest, value) == kept


def vector(**weights):
    norm = sum(w * w for w in weights.values()) ** 0.5
    return {term: w / norm for term, w in weights.items()}


def test_a_story_close_to_everything_yields_to_one_close_to_this_story():
    """CSLS: the round-up shares more words with the story than the follow-up does, but it
    shares as many with every story around; the follow-up comes first."""
    story = s.Signature("ferry-capsize", vector(ferry=1, capsized=1, mwanza=1), {})
    follow_up = s.Signature("death-toll", vector(
        capsized=1, mwanza=1, toll=1, divers=1, victims=1, night=1), {}, nearest=(0.2, 0.1, 0.0))
    round_up = s.Signature("week-on-the-lake", vector(
        ferry=1, mwanza=1, week=1, port=1, lake=1), {}, nearest=(0.8, 0.7, 0.7, 0.7, 0.6))
    assert s.score(story, round_up) > s.score(story, follow_up)
    ranked = [other.key for other, _ in s.rank(story, [round_up, follow_up], 2)]
    assert ranked == ["death-toll", "week-on-the-lake"]
    assert s.related_score(story, follow_up) == pytest.approx(
        s.score(story, follow_up) - s.HUBNESS / 2 * follow_up.hubness)
