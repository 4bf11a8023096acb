"""A tiny but real Argos Translate package, built offline for the translation tests.

The model is a CTranslate2 Transformer with one layer and small random weights,
made through CTranslate2's spec API; the tokenizer is a SentencePiece model
trained on a few lines. Its output is gibberish, but it runs through exactly the
code a real package does. Use it with ``pytest_plugins = ["tests.argos_fixtures"]``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

LINES = [
    "Millions of TikTok users moved to RedNote in January.",
    "我在小红书上看到了很多美国网友。",
    "The ban was upheld by the Supreme Court.",
    "他们互相帮助做英语作业，还交了猫税。",
    "Hello, how are you? Thank you!",
    "你好，谢谢！字节跳动是一家公司。",
    "TikTok refugees joined Xiaohongshu and paid the cat tax.",
]


def _sentencepiece(directory: Path) -> list[str]:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(LINES * 4),
        model_writer=model,
        vocab_size=120,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        minloglevel=2,
    )
    (directory / "sentencepiece.model").write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(directory / "sentencepiece.model"))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _ctranslate2_model(directory: Path, vocabulary: list[str], seed: int) -> None:
    import numpy as np
    from ctranslate2.specs import common_spec, model_spec, transformer_spec

    d, ff, v = 16, 32, len(vocabulary)
    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(num_layers=1, num_heads=2)

    def linear_shape(scope: str) -> tuple[int, int]:
        if scope.endswith("projection"):
            return (v, d)
        if "self_attention/linear_0" in scope:
            return (3 * d, d)  # fused query, key, value
        if "/attention/linear_1" in scope:
            return (2 * d, d)  # fused key, value of the encoder attention
        if "ffn/linear_0" in scope:
            return (ff, d)
        if "ffn/linear_1" in scope:
            return (d, ff)
        return (d, d)

    def fill(layer: object, scope: str = "") -> None:
        for name, value in list(vars(layer).items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    fill(item, f"{scope}/{name}_{i}")
            elif isinstance(value, model_spec.LayerSpec):
                fill(value, f"{scope}/{name}")
            elif value is None:
                if isinstance(layer, common_spec.LayerNormSpec):
                    array = np.ones(d) if name == "gamma" else np.zeros(d)
                elif isinstance(layer, common_spec.EmbeddingsSpec):
                    array = rng.normal(0, 0.5, (v, d))
                else:
                    array = rng.normal(0, 0.5, linear_shape(scope))
                setattr(layer, name, array.astype(np.float32))

    fill(spec)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    (directory / "model").mkdir()
    spec.save(str(directory / "model"))


def build_package(out_dir: Path, from_code: str, to_code: str, seed: int = 0) -> Path:
    """Build ``translate-<from>_<to>.argosmodel`` in ``out_dir``, in Argos's layout."""
    names = {"en": "English", "zh": "Chinese"}
    root = out_dir / f"build-{from_code}_{to_code}" / f"translate-{from_code}_{to_code}-0_1"
    root.mkdir(parents=True)
    vocabulary = _sentencepiece(root)
    _ctranslate2_model(root, vocabulary, seed)
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": names[from_code],
        "to_code": to_code,
        "to_name": names[to_code],
        "type": "translate",
    }
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (root / "README.md").write_text("Test package with random weights.\n", encoding="utf-8")
    archive = out_dir / f"translate-{from_code}_{to_code}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, path.relative_to(root.parent).as_posix())
    return archive


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``.argosmodel`` files for zh→en and en→zh, built once per session."""
    out = tmp_path_factory.mktemp("argos")
    return {
        "zh_en": build_package(out, "zh", "en", seed=1),
        "en_zh": build_package(out, "en", "zh", seed=2),
    }


@pytest.fixture
def installed_models(argos_packages: dict[str, Path]) -> dict[str, Path]:
    """Both test packages installed into this test's data dir, through the user's code path."""
    from glossary.enrich import packages as models

    for archive in argos_packages.values():
        models.install_file(archive)
    return argos_packages
