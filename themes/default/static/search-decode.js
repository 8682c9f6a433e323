/*! search-decode.js: the binary formats of the static index that
 * `src/search/` writes (varints, dictionary chunks, posting lists, facet
 * doc sets, Rice-coded positions), decoded for search-index.js.
 */

var POW2 = new Float64Array(53).map(function (_, i) { return Math.pow(2, i); });

/** Code point order (the index's byte order), not UTF-16 unit order. */
export function compareKeys(a, b) {
  var n = Math.min(a.length, b.length);
  for (var i = 0; i < n; i++) {
    var x = a.charCodeAt(i);
    var y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xD800 && y >= 0xD800) {
        x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

function Reader(bytes) { this.b = bytes; this.at = 0; }
Reader.prototype.varint = function () {
  var v = 0;
  var mul = 1;
  for (;;) {
    if (this.at >= this.b.length) throw new Error('truncated index file');
    var x = this.b[this.at++];
    v += (x & 0x7F) * mul;
    if (x < 0x80) return v;
    mul *= 128;
  }
};
Reader.prototype.bytes = function (n) {
  var s = this.b.subarray(this.at, this.at + n);
  this.at += n;
  return s;
};

var utf8 = new TextDecoder();

/** A dictionary chunk: {terms: [...], map: Map(surface -> {terms, ids})}. */
export function decodeDictChunk(bytes) {
  var r = new Reader(bytes);
  var terms = [];
  var nt = r.varint();
  for (var i = 0; i < nt; i++) {
    var name = utf8.decode(r.bytes(r.varint()));
    var df = r.varint();
    var t = { name: name, df: df, inline: null, post: null, pos: null, postings: null };
    if (r.varint() === 0) t.inline = r.bytes(r.varint());
    else t.post = [r.varint(), r.varint(), r.varint()];
    t.pos = [r.varint(), r.varint(), r.varint()];
    terms.push(t);
  }
  var map = new Map();
  var prev = new Uint8Array(0);
  var ns = r.varint();
  for (var j = 0; j < ns; j++) {
    var shared = r.varint();
    var suffix = r.bytes(r.varint());
    var key = new Uint8Array(shared + suffix.length);
    key.set(prev.subarray(0, shared));
    key.set(suffix, shared);
    prev = key;
    var refs = [];
    var n = r.varint();
    for (var k = 0; k < n; k++) refs.push(terms[r.varint()]);
    var ids = [];
    var doc = 0;
    var m = r.varint();
    for (var l = 0; l < m; l++) { doc += r.varint(); ids.push(doc); }
    map.set(utf8.decode(key), { terms: refs.filter(Boolean), ids: ids });
  }
  return { terms: terms, map: map };
}

/** A posting blob -> {docs: Uint32Array, impacts: Uint8Array}. */
export function decodePostings(bytes, df) {
  var r = new Reader(bytes);
  var mode = bytes[r.at++];
  var docs = new Uint32Array(df);
  var n = 0;
  if (mode === 2) {
    var first = r.varint();
    var nbytes = r.varint();
    for (var i = 0; i < nbytes && n < df; i++) {
      var byte = bytes[r.at + i];
      while (byte) {
        var bit = 31 - Math.clz32(byte & -byte);
        docs[n++] = first + i * 8 + bit;
        byte &= byte - 1;
      }
    }
    r.at += nbytes;
  } else {
    var doc = 0;
    for (; n < df; n++) { doc = n === 0 ? r.varint() : doc + r.varint(); docs[n] = doc; }
  }
  return { docs: docs, impacts: bytes.subarray(r.at, r.at + df) };
}

/** A facet doc set (base64 of mode byte + deltas | runs | bitmap). */
export function decodeDocSet(b64) {
  var bin = atob(b64);
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (!bytes.length) return new Uint32Array(0);
  var r = new Reader(bytes);
  r.at = 1;
  var out = [];
  if (bytes[0] === 0) {
    var d = 0;
    while (r.at < bytes.length) { d = out.length ? d + r.varint() : r.varint(); out.push(d); }
  } else if (bytes[0] === 1) {
    var end = 0;
    while (r.at < bytes.length) {
      var start = end + r.varint();
      var len = r.varint() + 1;
      for (var k = 0; k < len; k++) out.push(start + k);
      end = start + len;
    }
  } else {
    return decodePostings(bytes, countBits(bytes)).docs;
  }
  return Uint32Array.from(out);
}

function countBits(bytes) {
  var r = new Reader(bytes);
  r.at = 1;
  r.varint();
  var n = r.varint();
  var c = 0;
  for (var i = 0; i < n; i++) { var x = bytes[r.at + i]; while (x) { x &= x - 1; c++; } }
  return c;
}

/**
 * Positions of a term for the docs in `wanted` (a Set): Map(doc -> [p]).
 * Per posting, byte-aligned: gamma count, Rice-coded gaps.
 */
export function decodePositions(bytes, postingDocs, posBits, wanted) {
  var out = new Map();
  var end = bytes.length * 8;
  var at = 0;
  var b = 0;
  // Plain locals, bit loops and a table of powers of two: Math.pow with a
  // variable exponent costs ~30 ns a call, ten times the whole bit step.
  for (var i = 0; i < postingDocs.length && at < end; i++) {
    var zeros = 0;
    while (at < end && ((bytes[at >> 3] >> (at & 7)) & 1) === 0 && zeros < 31) { zeros++; at++; }
    at++;
    // The bits below the gamma code's leading one, LSB first.
    var count = 0;
    for (b = 0; b < zeros; b++, at++) count += ((bytes[at >> 3] >> (at & 7)) & 1) * POW2[b];
    count += POW2[zeros];
    var k = Math.max(0, posBits - (31 - Math.clz32(count)));
    var keep = wanted.has(postingDocs[i]);
    var list = keep ? [] : null;
    var next = 0;
    for (var j = 0; j < count && at < end; j++) {
      var q = 0;
      while (q < 31 && at < end && ((bytes[at >> 3] >> (at & 7)) & 1) === 1) { q++; at++; }
      var width = k;
      var gap = 0;
      if (q === 31) { width = 32; } else { at++; gap = q * POW2[k]; }
      var w = at >> 3;
      if (width <= 24 && w + 3 < bytes.length) {
        // Fast path: the k low bits from one 32-bit window.
        gap += (((bytes[w] | (bytes[w + 1] << 8) | (bytes[w + 2] << 16) | (bytes[w + 3] << 24)) >>> (at & 7)) & (POW2[width] - 1));
        at += width;
      } else {
        for (b = 0; b < width; b++, at++) if ((bytes[at >> 3] >> (at & 7)) & 1) gap += POW2[b];
      }
      var p = next + gap;
      if (keep) list.push(p);
      next = p + 1;
    }
    if (keep) out.set(postingDocs[i], list);
    at = (at + 7) & ~7;
  }
  // Each posting's positions end on a byte: a list that runs out before
  // its last posting's, or past its bytes, is not what the index wrote.
  if (i < postingDocs.length || at > end) throw new Error('corrupt positions in the index');
  return out;
}
