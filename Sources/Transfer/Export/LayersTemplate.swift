/// The PyTorch modules of `model.py`, one per built-in layer type. Each subclasses the PyTorch
/// module whose parameter names and layouts ours copy, so `state_dict()` has exactly our keys; each
/// `forward(x, lengths)` treats a right-padded batch as our layer does (padding outputs zero,
/// pooling and recurrence stop at each sequence's real length).
enum LayersTemplate {
  static let source = #"""
    import torch
    import torch.nn.functional as F
    from torch import nn
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


    def real_positions(lengths, time):
        """[B, T] booleans: True at the real (not padded) steps of a right-padded batch."""
        return torch.arange(time, device=lengths.device)[None, :] < lengths[:, None]


    def zero_padding(x, lengths):
        """x with its padded steps set to zero (a sequence [B, T, F]; vectors pass through)."""
        if x.dim() != 3:
            return x
        return x * real_positions(lengths, x.shape[1]).unsqueeze(-1).to(x.dtype)


    ACTIVATIONS = {"none": lambda y: y, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


    class Embedding(nn.Embedding):
        """repl `embedding dim=D`: row 0 is <pad>, kept at zero (padding_idx=0)."""

        def __init__(self, vocabulary, dim):
            super().__init__(vocabulary, dim, padding_idx=0)

        def forward(self, ids, lengths):
            return zero_padding(super().forward(ids), lengths)


    class _Recurrent:
        """A batch_first nn.LSTM/nn.GRU (`_base`) run over packed sequences, so each sequence stops at
        its length (repl `lstm|gru hidden= layers= bidirectional= dropout=`; weight_ih_l0,
        weight_hh_l0_reverse, ...)."""

        def __init__(self, features, hidden, layers, bidirectional, dropout):
            self._base.__init__(self, features, hidden, num_layers=layers, bidirectional=bidirectional,
                                dropout=dropout, batch_first=True)

        def forward(self, x, lengths):
            packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            out, _ = self._base.forward(self, packed)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
            return out


    class LSTM(_Recurrent, nn.LSTM):
        _base = nn.LSTM


    class GRU(_Recurrent, nn.GRU):
        _base = nn.GRU


    class Pool(nn.Module):
        """repl `pool mode=last|mean|max|concat` (concat is [last, max, mean]); padding never counts."""

        def __init__(self, mode):
            super().__init__()
            self.mode = mode

        def forward(self, x, lengths):
            batch, time = x.shape[0], x.shape[1]
            n = lengths.clamp(min=1, max=time)
            real = real_positions(n, time).unsqueeze(-1)
            parts = {
                "last": lambda: x[torch.arange(batch, device=x.device), n - 1],
                "max": lambda: x.masked_fill(~real, float("-inf")).max(dim=1).values,
                "mean": lambda: (x * real.to(x.dtype)).sum(dim=1) / n[:, None].to(x.dtype),
            }
            if self.mode == "concat":
                return torch.cat([parts["last"](), parts["max"](), parts["mean"]()], dim=1)
            return parts[self.mode]()


    class Dense(nn.Linear):
        """repl `dense out=N activation=none|relu|tanh|sigmoid`."""

        def __init__(self, features, out, activation):
            super().__init__(features, out)
            self.activation = activation

        def forward(self, x, lengths):
            return zero_padding(ACTIVATIONS[self.activation](super().forward(x)), lengths)


    class Dropout(nn.Dropout):
        """repl `dropout p=P` (inverted dropout while training, the identity in eval mode)."""

        def forward(self, x, lengths):
            return zero_padding(super().forward(x), lengths)


    class Pointwise(nn.Module):
        """repl `relu` and `tanh`."""

        def __init__(self, function):
            super().__init__()
            self.function = function

        def forward(self, x, lengths):
            return zero_padding(ACTIVATIONS[self.function](x), lengths)


    class Transformer(nn.TransformerEncoderLayer):
        """repl `transformer heads= ff= dropout= maxlen= positions=`: a pre-norm encoder block applied to
        x + pos[:T] (learned pos_embedding, the fixed sinusoidal table, or nothing) with the padding
        masked out of attention."""

        def __init__(self, width, heads, ff, dropout, maxlen, positions="learned"):
            super().__init__(width, heads, dim_feedforward=ff, dropout=dropout, batch_first=True, norm_first=True)
            self.positions = positions
            if positions == "learned":
                self.pos_embedding = nn.Parameter(torch.zeros(maxlen, width))
            elif positions == "sinusoidal":
                t = torch.arange(maxlen, dtype=torch.float64)[:, None]
                j = torch.arange(width)
                angle = t / torch.pow(10000.0, (j - j % 2).to(torch.float64) / width)
                table = torch.where(j % 2 == 0, torch.sin(angle), torch.cos(angle)).to(torch.float32)
                self.register_buffer("pos_table", table, persistent=False)

        def forward(self, x, lengths):
            time = x.shape[1]
            padding = ~real_positions(lengths, time)
            if self.positions == "learned":
                x = x + self.pos_embedding[:time]
            elif self.positions == "sinusoidal":
                x = x + self.pos_table[:time]
            y = super().forward(x, src_key_padding_mask=padding)
            return zero_padding(y, lengths)
    """#
}
