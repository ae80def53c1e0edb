"""A fast numpy re-implementation of the g2pM polyphone BiLSTM.

g2pM (Park & Lee, Interspeech 2020, Apache-2.0) ships a tiny character BiLSTM
(64-d embeddings, 32 hidden units per direction, 2-layer FC head over 876
syllables) trained on the CPP train split. Its reference implementation spends
~1.3 ms per sentence, mostly on numpy call overhead. This version gives the same
outputs faster because:

* the input projection ``emb @ W_ih.T + b_ih + b_hh`` is precomputed once per
  vocabulary entry, so each time step needs one tiny matmul instead of two;
* the forward and backward directions run in the same loop as one 64-unit state
  with a block-diagonal recurrent matrix (halves the number of numpy calls);
* ``tanh`` of the cell-input gate is folded into the single sigmoid call
  (tanh(x) = 2*sigmoid(2x) - 1), so a step costs about ten numpy calls;
* the recurrence stops as soon as every requested position has been reached in
  both directions, and the output layer is evaluated only for the candidate
  readings of each character (which also stops the model from answering with a
  syllable the character cannot have).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_DATA = Path(__file__).resolve().parent / "data"
_BOS = "시"  # g2pM's sentence-start token (a Hangul syllable, never in Chinese text)
_EOS = "끝"  # sentence-end token
_UNK_ID = 1
_shared: G2pMModel | None = None
_shared_lock = threading.Lock()


def shared_model() -> G2pMModel:
    """The process-wide model, loaded on first use (thread-safe)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = G2pMModel()
    return _shared


def _read_lines(name: str) -> list[str]:
    # split on "\n" only: some vocabulary entries are unusual whitespace characters
    text = (_DATA / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class G2pMModel:
    """The g2pM BiLSTM with candidate-restricted scoring."""

    def __init__(self) -> None:
        f32 = np.float32
        with np.load(_DATA / "g2pm_bilstm.npz") as w:
            H = w["lstm_weight_hh_l0"].shape[1]  # 32
            self.hidden = H
            emb = w["embedding_weight"]

            def gates(m: np.ndarray, m_rev: np.ndarray) -> np.ndarray:
                # PyTorch gate order is (i, f, g, o) blocks of H; interleave directions
                # to [i_f i_b f_f f_b g_f g_b o_f o_b] so one slice selects a gate for both
                parts = []
                for k in range(4):
                    parts.append(m[..., k * H : (k + 1) * H])
                    parts.append(m_rev[..., k * H : (k + 1) * H])
                return np.concatenate(parts, axis=-1)

            # per-token input contributions of each direction (tokens × 4H), computed once;
            # a step adds the forward one of token t and the backward one of token T-1-t
            self._in_f = (
                emb @ w["lstm_weight_ih_l0"].T + w["lstm_bias_ih_l0"] + w["lstm_bias_hh_l0"]
            ).astype(f32)
            self._in_b = (
                emb @ w["lstm_weight_ih_l0_reverse"].T
                + w["lstm_bias_ih_l0_reverse"]
                + w["lstm_bias_hh_l0_reverse"]
            ).astype(f32)
            # where the forward and backward gate columns go in the interleaved layout
            cols = np.arange(8 * H).reshape(8, H)
            self._f_cols = cols[0::2].ravel()
            self._b_cols = cols[1::2].ravel()
            whh = np.zeros((2 * H, 8 * H), dtype=f32)
            wf = w["lstm_weight_hh_l0"].T  # (H, 4H)
            wb = w["lstm_weight_hh_l0_reverse"].T
            whh[:H] = gates(wf, np.zeros_like(wb))
            whh[H:] = gates(np.zeros_like(wf), wb)
            self._fc0_w = w["logit_layer_0_weight"].T.astype(f32)  # (2H, 32)
            self._fc0_b = w["logit_layer_0_bias"].astype(f32)
            self._fc1_w = w["logit_layer_2_weight"].astype(f32)  # (C, 32)
            self._fc1_b = w["logit_layer_2_bias"].astype(f32)
        # fold tanh(g) = 2*sigmoid(2g) - 1: scale the g gate by 2 (columns 2H..3H of each
        # direction's 4H block before interleaving; 4H..6H after)
        self._in_f[:, 2 * H : 3 * H] *= 2
        self._in_b[:, 2 * H : 3 * H] *= 2
        whh[:, 4 * H : 6 * H] *= 2
        self._whh = whh

        vocab = _read_lines("g2pm_vocab.txt")
        self._ids = {ch: i for i, ch in enumerate(vocab)}
        self._bos = self._ids[_BOS]
        self._eos = self._ids[_EOS]
        self.classes = _read_lines("g2pm_classes.txt")
        cls_idx = {c: i for i, c in enumerate(self.classes)}
        self.candidates: dict[str, list[str]] = {}
        self._cand_idx: dict[str, np.ndarray] = {}
        for line in _read_lines("g2pm_polyphones.tsv"):
            ch, prons = line.split("\t")
            cands = prons.split(",")
            self.candidates[ch] = cands
            self._cand_idx[ch] = np.array([cls_idx[c] for c in cands], dtype=np.intp)

    def is_polyphone(self, ch: str) -> bool:
        """True if the model was trained to disambiguate `ch`."""
        return ch in self.candidates

    def scores(self, text: str, positions: Sequence[int]) -> list[np.ndarray]:
        """Logits over ``self.candidates[text[p]]`` for each p in `positions`.

        `positions` must index polyphonic characters of `text` (``is_polyphone``).
        """
        if not positions:
            return []
        get = self._ids.get
        ids = [self._bos]
        ids.extend(get(ch, _UNK_ID) for ch in text)
        ids.append(self._eos)
        T = len(ids)
        pos = [p + 1 for p in positions]  # shift past BOS
        pmin, pmax = min(pos), max(pos)
        # steps needed: forward must reach pmax, backward (which starts at T-1) pmin
        n = max(pmax + 1, T - pmin)
        ids_arr = np.asarray(ids, dtype=np.intp)
        x = np.empty((n, 8 * self.hidden), dtype=np.float32)
        x[:, self._f_cols] = self._in_f[ids_arr[:n]]
        x[:, self._b_cols] = self._in_b[ids_arr[::-1][:n]]
        H = self.hidden
        whh = self._whh
        h = np.zeros(2 * H, dtype=np.float32)
        c = np.zeros(2 * H, dtype=np.float32)
        hs = np.empty((n, 2 * H), dtype=np.float32)
        exp = np.exp
        tanh = np.tanh
        for t in range(n):
            z = x[t] + h @ whh
            s = 1.0 / (1.0 + exp(-z))
            c = s[2 * H : 4 * H] * c + s[0 : 2 * H] * (2.0 * s[4 * H : 6 * H] - 1.0)
            h = s[6 * H :] * tanh(c)
            hs[t] = h
        # forward state at position p is hs[p, :H]; backward state at p was
        # produced at step T-1-p
        out = np.empty((len(pos), 2 * H), dtype=np.float32)
        for k, p in enumerate(pos):
            out[k, :H] = hs[p, :H]
            out[k, H:] = hs[T - 1 - p, H:]
        hidden = np.maximum(out @ self._fc0_w + self._fc0_b, 0.0)
        res = []
        for k, p in enumerate(positions):
            idx = self._cand_idx[text[p]]
            res.append(self._fc1_w[idx] @ hidden[k] + self._fc1_b[idx])
        return res

    def predict(self, text: str, positions: Sequence[int]) -> list[str]:
        """Best candidate reading for each polyphone position."""
        out = []
        for p, sc in zip(positions, self.scores(text, positions), strict=True):
            out.append(self.candidates[text[p]][int(np.argmax(sc))])
        return out
