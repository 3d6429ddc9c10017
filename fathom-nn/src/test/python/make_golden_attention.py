#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.MultiheadAttention and nn.TransformerEncoderLayer (batch_first) that
MultiHeadAttention and TransformerEncoder are compared against, with and without masks.

Run from fathom-nn with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_attention.py

It rewrites src/test/resources/golden/layers/attention.txt in the format read by
dev.fathom.testing.Golden (see golden.py), everything float64.

Weights are written under PyTorch's names and layouts ([out, in], in_proj_weight holding the query,
key and value projections stacked); the Java test maps them to Fathom's ([in, out] kernels:
query.kernel = in_proj_weight[0:E].T, ...). Masks are written as Fathom takes them, 1 for a real
step (or a visible key) and 0 for padding, the opposite of PyTorch's boolean masks (True = ignore).
The functional_cross cases are MultiHeadAttention applied to two or three inputs of a Functional
model, each from an Embedding whose padding (id 0) makes the masks. Every weight is drawn from N(0, 0.4^2) so that biases and the layer norms' scales are away from
their defaults and tested too. Attention scores are per head (average_attn_weights=False).
"""

import torch
import torch.nn.functional as F

import golden


def randomize(module):
    with torch.no_grad():
        for p in module.parameters():
            p.normal_(0, 0.4)


def padding(batch, steps, lengths):
    """Fathom's mask [batch, steps]: 1 for the first lengths[b] steps, 0 after."""
    m = torch.zeros(batch, steps, dtype=torch.float64)
    for b, n in enumerate(lengths):
        m[b, :n] = 1
    return m


def causal(t, s):
    """Fathom's causal mask [t, s]: 1 where key j <= query i."""
    return torch.tril(torch.ones(t, s, dtype=torch.float64))


def mha(lines, name, batch, t, s, embed, heads, kdim=None, lengths=None, use_causal=False, bias=True):
    torch.manual_seed(len(lines) + 5)
    module = torch.nn.MultiheadAttention(embed, heads, bias=bias, batch_first=True, kdim=kdim, vdim=kdim).double()
    randomize(module)
    features = kdim or embed
    query = torch.randn(batch, t, embed, dtype=torch.float64, requires_grad=True)
    self_attention = kdim is None and t == s
    value = query if self_attention else torch.randn(batch, s, features, dtype=torch.float64)
    key = value if self_attention else torch.randn(batch, s, features, dtype=torch.float64)
    value_mask = padding(batch, s, lengths) if lengths is not None else None
    attn_mask = causal(t, s) if use_causal else None
    out, scores = module(query, key, value, need_weights=True, average_attn_weights=False,
                         key_padding_mask=None if value_mask is None else value_mask == 0,
                         attn_mask=None if attn_mask is None else attn_mask == 0)
    r = torch.randn(out.shape, dtype=torch.float64)
    (out * r).sum().backward()
    golden.case(lines, name, sizes=[batch, t, s, embed, features, heads], self_attention=self_attention, bias=bias,
                causal=use_causal)
    golden.add(lines, **{n: p for n, p in module.named_parameters()})
    golden.add(lines, query=query)
    if not self_attention:
        golden.add(lines, key=key, value=value)
    if value_mask is not None:
        golden.add(lines, value_mask=value_mask)
    golden.add(lines, output=out, scores=scores, r=r, grad_query=query.grad)
    lines.append("")


def padded_ids(batch, steps, vocab, lengths):
    """Token ids [batch, steps] in 1..vocab-1 for the first lengths[b] steps, 0 (padding) after."""
    ids = torch.randint(1, vocab, (batch, steps))
    for b, n in enumerate(lengths):
        ids[b, n:] = 0
    return ids


def functional_cross(lines, name, batch, t, s, vocab, embed, features, heads, query_lengths, value_lengths,
                     key_lengths=None):
    """Cross-attention in a Functional model: an Embedding (mask_zero) for the query's ids, one for the
    value's (and one for the key's, when key_lengths is given), then MultiHeadAttention(query, value[,
    key]). PyTorch has no query padding mask: Keras masks a padded query step out of every key (it
    then spreads its attention evenly), so the test compares the real query steps only, and r (the
    weights of the summed output whose gradient is recorded) is 0 on padded query steps. A key step
    is hidden when the value or the key is padded there (Keras' value_mask & key_mask)."""
    torch.manual_seed(len(lines) + 29)
    query_embedding = torch.nn.Embedding(vocab, embed).double()
    value_embedding = torch.nn.Embedding(vocab, features).double()
    key_embedding = torch.nn.Embedding(vocab, features).double() if key_lengths is not None else None
    module = torch.nn.MultiheadAttention(embed, heads, batch_first=True, kdim=features, vdim=features).double()
    for m in (query_embedding, value_embedding, key_embedding, module):
        if m is not None:
            randomize(m)
    query_ids = padded_ids(batch, t, vocab, query_lengths)
    value_ids = padded_ids(batch, s, vocab, value_lengths)
    key_ids = padded_ids(batch, s, vocab, key_lengths) if key_embedding is not None else value_ids
    value = value_embedding(value_ids)
    key = key_embedding(key_ids) if key_embedding is not None else value
    hidden = (value_ids == 0) | (key_ids == 0)
    out, _ = module(query_embedding(query_ids), key, value,
                    key_padding_mask=hidden)
    r = torch.randn(out.shape, dtype=torch.float64) * (query_ids != 0).unsqueeze(-1)
    (out * r).sum().backward()
    golden.case(lines, name, sizes=[batch, t, s, vocab, embed, features, heads], with_key=key_embedding is not None)
    golden.add(lines, **{n: p for n, p in module.named_parameters()})
    golden.add(lines, query_ids=query_ids, value_ids=value_ids, query_embeddings=query_embedding.weight,
               value_embeddings=value_embedding.weight)
    if key_embedding is not None:
        golden.add(lines, key_ids=key_ids, key_embeddings=key_embedding.weight)
    golden.add(lines, output=out, r=r, grad_query_embeddings=query_embedding.weight.grad,
               grad_value_embeddings=value_embedding.weight.grad)
    if key_embedding is not None:
        golden.add(lines, grad_key_embeddings=key_embedding.weight.grad)
    lines.append("")


def encoder(lines, name, batch, t, embed, heads, ff, lengths=None, use_causal=False, norm_first=False, activation="relu"):
    torch.manual_seed(len(lines) + 17)
    act = F.relu if activation == "relu" else (lambda x: F.gelu(x, approximate="tanh"))
    module = torch.nn.TransformerEncoderLayer(embed, heads, dim_feedforward=ff, dropout=0.0, activation=act,
                                              layer_norm_eps=1e-5, batch_first=True, norm_first=norm_first).double()
    randomize(module)
    module.train()   # dropout is 0; training mode keeps PyTorch off its inference fast path
    x = torch.randn(batch, t, embed, dtype=torch.float64, requires_grad=True)
    mask = padding(batch, t, lengths) if lengths is not None else None
    out = module(x, src_mask=causal(t, t) == 0 if use_causal else None,
                 src_key_padding_mask=None if mask is None else mask == 0)
    r = torch.randn(out.shape, dtype=torch.float64)
    (out * r).sum().backward()
    golden.case(lines, name, sizes=[batch, t, embed, heads, ff], causal=use_causal, norm_first=norm_first,
                activation=activation)
    golden.add(lines, **{n: p for n, p in module.named_parameters()})
    golden.add(lines, x=x)
    if mask is not None:
        golden.add(lines, mask=mask)
    golden.add(lines, output=out, r=r, grad_x=x.grad)
    lines.append("")


def main():
    lines = golden.start("make_golden_attention.py")
    mha(lines, "mha_self", 2, 5, 5, 8, 2)
    mha(lines, "mha_self_key_padding", 3, 6, 6, 8, 4, lengths=[6, 3, 1])
    mha(lines, "mha_self_causal", 2, 5, 5, 6, 3, use_causal=True)
    mha(lines, "mha_self_causal_key_padding", 2, 6, 6, 8, 2, lengths=[4, 6], use_causal=True)
    mha(lines, "mha_cross_kdim_key_padding", 2, 4, 7, 8, 2, kdim=6, lengths=[5, 2])
    mha(lines, "mha_self_no_bias", 2, 4, 4, 8, 2, bias=False)
    encoder(lines, "encoder_post_norm", 2, 5, 8, 2, 16)
    encoder(lines, "encoder_post_norm_key_padding", 3, 6, 8, 4, 12, lengths=[6, 2, 4])
    encoder(lines, "encoder_pre_norm_key_padding", 2, 6, 8, 2, 16, lengths=[3, 6], norm_first=True)
    encoder(lines, "encoder_pre_norm_causal_gelu", 2, 5, 6, 3, 10, use_causal=True, norm_first=True, activation="gelu")
    encoder(lines, "encoder_post_norm_causal_key_padding", 2, 6, 8, 2, 16, lengths=[5, 6], use_causal=True)
    functional_cross(lines, "functional_cross_query_value", 3, 4, 7, 11, 8, 6, 2, [4, 2, 3], [7, 3, 5])
    functional_cross(lines, "functional_cross_query_value_key", 2, 5, 6, 9, 6, 4, 3, [3, 5], [6, 4], key_lengths=[5, 6])
    golden.write("attention.txt", lines)


if __name__ == "__main__":
    main()
