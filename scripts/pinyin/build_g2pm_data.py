"""Convert the g2pM (Apache-2.0) checkpoint shipped in the `g2pM` wheel into the
compact, pickle-free files that `reader.pinyin` loads at run time.

Run once at build time:  uv run --with g2pM==0.1.2.5 python scripts/pinyin/build_g2pm_data.py
Outputs (in reader/pinyin/data/):
  g2pm_bilstm.npz      float32 weights of the 1-layer BiLSTM + 2-layer FC head
  g2pm_vocab.txt       the model's character vocabulary, one entry a line, in index order
  g2pm_classes.txt     the 876 output syllables, in index order (ü written "ü")
  g2pm_polyphones.tsv  char \t candidate readings (comma-separated), the 791 chars the
                       model was trained to disambiguate (from g2pM's digest of CC-CEDICT)
"""

from __future__ import annotations

import pickle
from pathlib import Path

import g2pM
import numpy as np

SRC = Path(g2pM.__file__).parent
DST = Path(__file__).resolve().parents[2] / "reader" / "pinyin" / "data"


def main() -> None:
    DST.mkdir(parents=True, exist_ok=True)
    sd = pickle.loads((SRC / "np_ckpt.pkl").read_bytes())
    c2i = pickle.loads((SRC / "char2idx.pkl").read_bytes())
    cl2i = pickle.loads((SRC / "class2idx.pkl").read_bytes())
    cedict = pickle.loads((SRC / "digest_cedict.pkl").read_bytes())
    np.savez_compressed(
        DST / "g2pm_bilstm.npz",
        **{k.replace(".", "_"): np.asarray(v, dtype=np.float32) for k, v in sd.items()},
    )
    vocab = [None] * len(c2i)
    for ch, i in c2i.items():
        vocab[i] = ch
    for ch in vocab:
        assert ch is not None and "\n" not in ch
    (DST / "g2pm_vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    classes = [None] * len(cl2i)
    for c, i in cl2i.items():
        classes[i] = c.replace("u:", "ü")
    (DST / "g2pm_classes.txt").write_text("\n".join(classes) + "\n", encoding="utf-8")
    lines = []
    for ch, prons in cedict.items():
        if len(prons) > 1:
            lines.append(ch + "\t" + ",".join(p.replace("u:", "ü") for p in prons))
    (DST / "g2pm_polyphones.tsv").write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print("wrote", DST, len(vocab), len(classes), len(lines))


if __name__ == "__main__":
    main()
