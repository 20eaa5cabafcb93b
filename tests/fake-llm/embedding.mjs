// The stand-in's embedding: deterministic and a little semantic, so that a
// question and the passage that answers it end up close. Words (letters and
// digits, lower-cased, at least two characters) and their first five
// letters are hashed into `dims` signed buckets, then L2-normalised.
// Tests import it to check that the vectors stored are the ones the
// embedder returned for exactly the text it was sent.

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function fakeEmbedding(text, dims = 1536) {
  const v = new Array(dims).fill(0);
  const words = String(text).toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
  for (const word of words) {
    for (const feature of new Set([`w:${word}`, `p:${word.slice(0, 5)}`])) {
      const h = fnv1a(feature);
      v[h % dims] += (h & 0x80000000) ? -1 : 1;
    }
  }
  const norm = Math.hypot(...v);
  if (norm === 0) {
    v[0] = 1;
    return v;
  }
  // Rounded to what an f32 holds, as the providers' floats are.
  return v.map((x) => Math.fround(x / norm));
}
