"""The fine-tuned loaded-language encoder through `herald validate`: it speaks in the
finding's reason when installed, and the check falls back to the numpy model without it."""

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from herald.validation import bias, bias_encoder
from herald.validation.cli import main

# Contextual words only ("corrupt", "elite"): the classifier decides whether they are loaded.
LOADED = "ROME — The corrupt elite has looted the port for decades and laughs at the law."
STORY = "Port inquiry opens\n" + LOADED + "\n"
REASON = re.compile(
    r"Lexicon and model: “(corrupt|elite)” is loaded only in some contexts; the BABE sentence "
    r"classifier rates this sentence loaded \(p=(0\.\d\d|1\.00), threshold 0\.7"
    r"(; the fine-tuned encoder alone p=(0\.\d\d|1\.00))?\)\."
)


def loaded_reasons(tmp_path, capsys) -> list[re.Match]:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    (result,) = json.loads(out)
    reasons = [f["reason"] for f in result["findings"] if f["check"] == "loaded_language"]
    matches = [REASON.fullmatch(r) for r in reasons]
    assert None not in matches, reasons
    return matches


@pytest.fixture
def without_encoder():
    bias_encoder.encoder.cache_clear()
    yield
    bias_encoder.encoder.cache_clear()


def test_a_loaded_sentence_is_flagged_with_the_encoders_confidence(tmp_path, capsys):
    matches = loaded_reasons(tmp_path, capsys)
    assert [m.group(1) for m in matches] == ["corrupt", "elite"]
    for match in matches:
        assert float(match.group(2)) >= 0.7
        assert match.group(3) is not None, "the encoder did not run"
        assert float(match.group(4)) >= 0.7


def test_without_the_model_file_the_numpy_model_decides(
    tmp_path, capsys, monkeypatch, without_encoder
):
    monkeypatch.setattr(bias_encoder, "MODEL_PATH", tmp_path / "missing.onnx")
    matches = loaded_reasons(tmp_path, capsys)
    numpy_p = bias.predict_biased([LOADED])[0]
    assert [(m.group(1), m.group(2), m.group(3)) for m in matches] == [
        (word, f"{numpy_p:.2f}", None) for word in ("corrupt", "elite")
    ]


def test_without_onnxruntime_the_numpy_model_decides(
    tmp_path, capsys, monkeypatch, without_encoder
):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if absent
    assert bias_encoder.encoder() is None
    assert all(m.group(3) is None for m in loaded_reasons(tmp_path, capsys))


def test_a_damaged_model_file_falls_back_too(tmp_path, monkeypatch, without_encoder):
    damaged = tmp_path / "damaged.onnx"
    damaged.write_bytes(b"not a model")
    monkeypatch.setattr(bias_encoder, "MODEL_PATH", damaged)
    assert bias_encoder.encoder() is None


def test_the_encoder_ships_beside_its_licence_and_digests():
    models = Path(bias_encoder.__file__).parent / "models"
    meta = json.loads(bias_encoder.META_PATH.read_text(encoding="utf-8"))
    digest = hashlib.sha256(bias_encoder.MODEL_PATH.read_bytes()).hexdigest()
    assert meta["sha256"] == digest
    assert meta["base_model"]["revision"] == "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
    assert meta["base_model"]["licence"] == "Apache-2.0"
    tokenizer = hashlib.sha256(bias_encoder.TOKENIZER_PATH.read_bytes()).hexdigest()
    assert meta["base_model"]["tokenizer.json sha256"] == tokenizer
    licence = (models / "bias_encoder.LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    readme = (models / "README.md").read_text(encoding="utf-8")
    assert "1110a243fdf4706b3f48f1d95db1a4f5529b4d41" in readme and "AGPL-3.0" in readme
