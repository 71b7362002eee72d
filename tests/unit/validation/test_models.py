"""The shipped model files: present, small, pickle-free, and optional at run time."""

import json
import zipfile
from pathlib import Path

import numpy as np

from herald.validation import Story, bias, stance, validate_story
from herald.validation.outlets import load_outlets

MODELS = Path(stance.__file__).parent / "models"


def test_shipped_models_are_present_small_and_pickle_free():
    files = [p for p in MODELS.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {
        "stance.npz",
        "stance.json",
        "bias.npz",
        "bias.json",
        "bias_encoder.int8.onnx",
        "bias_encoder.tokenizer.json",
        "bias_encoder.json",
        "bias_encoder.LICENSE-APACHE-2.0",
        "README.md",
    }
    encoder = [p for p in files if p.name.startswith("bias_encoder.")]
    assert sum(p.stat().st_size for p in files if p not in encoder) < 20 * 1024 * 1024
    assert sum(p.stat().st_size for p in encoder) < 25 * 1024 * 1024
    for path in MODELS.glob("*.npz"):
        with zipfile.ZipFile(path) as archive:
            assert all(name.endswith(".npy") for name in archive.namelist())
        with np.load(path, allow_pickle=False) as data:
            assert all(data[k].dtype != object for k in data.files)


def test_stance_model_predicts_four_labels():
    probs = stance.predict_stance(
        "Leaders agree pipeline plan", "The two leaders agreed on a plan for the pipeline."
    )
    assert set(probs) == {"agree", "disagree", "discuss", "unrelated"}
    assert abs(sum(probs.values()) - 1.0) < 1e-6
    unrelated = stance.predict_stance(
        "Cat rescued from tree in Ohio", "The central bank raised interest rates on Tuesday."
    )
    assert max(unrelated, key=unrelated.get) == "unrelated"


def test_bias_model_scores_loaded_above_neutral():
    loaded, neutral = bias.predict_biased(
        [
            "The radical left's hysterical smear campaign is a disgrace.",
            "The council met on Tuesday to discuss the budget.",
        ]
    )
    assert loaded > 0.5 > neutral


def test_validation_works_without_model_files(monkeypatch, tmp_path):
    monkeypatch.setattr(stance, "STANCE_PATH", tmp_path / "missing.npz")
    monkeypatch.setattr(bias, "BIAS_PATH", tmp_path / "missing.npz")
    stance._load.cache_clear()
    bias._load.cache_clear()
    try:
        assert stance.predict_stance("a", "b") is None
        assert bias.predict_biased(["a"]) is None
        report = validate_story(
            Story(
                headline="Cat rescued from tree",
                body="ROME — The reckless plan failed. Officials said so on Monday.",
            )
        )
        # Lexicon and heuristics still work; the stance fallback and the contextual
        # words ("failed") that need the classifier are simply not used.
        assert {(f.check, f.evidence) for f in report.findings} == {
            ("loaded_language", "reckless"),
            ("anonymous_source", "Officials said"),
        }
    finally:
        stance._load.cache_clear()
        bias._load.cache_clear()


def test_state_media_table_is_vendored_with_its_licence():
    data = Path(stance.__file__).parent / "data"
    table = json.loads((data / "state_media.json").read_text(encoding="utf-8"))
    assert len(table["outlets"]) > 900
    assert "MIT License" in (data / "STATE_MEDIA_LICENSE").read_text(encoding="utf-8")
    by_alias, _ = load_outlets()
    assert (by_alias["TASS"]["country"], by_alias["TASS"]["typology"]) == ("Russia", "SC")
    assert by_alias["RIA"]["name"] == "RIA Novosti"
