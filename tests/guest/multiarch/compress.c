/*
 * compress.c: an LZ77 + canonical Huffman compressor and its decompressor.
 *
 * The format is our own (deflate-like, simpler): the input is cut into blocks
 * of up to 64 KiB; each block is LZ77-parsed (32 KiB window, hash chains,
 * lazy-free greedy matching) into literals and (length, distance) pairs, and
 * coded with two canonical Huffman codes (literal/length, distance) whose code
 * lengths (at most 15 bits) are stored in the block header, 4 bits each.
 *
 * The program compresses generated data of several kinds, decompresses it,
 * checks the round trip and prints sizes and checksums: lots of branches,
 * table lookups, bit twiddling and memory traffic for an emulator to get right.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 32768
#define MIN_MATCH 3
#define MAX_MATCH 258
#define HASH_BITS 15
#define MAX_CHAIN 48
#define BLOCK 65536
#define MAX_BITS 15

#define NUM_LEN_CODES 16
#define NUM_LIT 257                         /* 0..255 bytes, 256 end of block */
#define NUM_LITLEN (NUM_LIT + NUM_LEN_CODES)
#define NUM_DIST 30

/* ---- bit I/O, LSB first ---- */

typedef struct BitWriter {
    uint8_t *buf;
    size_t cap, pos;
    uint64_t acc;
    unsigned nbits;
} BitWriter;

static void bw_put(BitWriter *w, uint32_t value, unsigned nbits)
{
    w->acc |= (uint64_t)value << w->nbits;
    w->nbits += nbits;
    while (w->nbits >= 8) {
        if (w->pos == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 4096;
            w->buf = realloc(w->buf, w->cap);
            if (!w->buf)
                exit(2);
        }
        w->buf[w->pos++] = (uint8_t)w->acc;
        w->acc >>= 8;
        w->nbits -= 8;
    }
}

static void bw_flush(BitWriter *w)
{
    if (w->nbits)
        bw_put(w, 0, 8 - w->nbits);
}

typedef struct BitReader {
    const uint8_t *buf;
    size_t len, pos;
    uint64_t acc;
    unsigned nbits;
    int overrun;
} BitReader;

static uint32_t br_get(BitReader *r, unsigned nbits)
{
    while (r->nbits < nbits) {
        uint64_t byte = 0;
        if (r->pos < r->len)
            byte = r->buf[r->pos++];
        else
            r->overrun = 1;
        r->acc |= byte << r->nbits;
        r->nbits += 8;
    }
    uint32_t v = (uint32_t)(r->acc & ((1ull << nbits) - 1));
    r->acc >>= nbits;
    r->nbits -= nbits;
    return v;
}

/* ---- length and distance buckets: 1 mantissa bit plus extra bits ---- */

static unsigned ilog2(uint32_t v)
{
    unsigned n = 0;
    while (v >>= 1)
        n++;
    return n;
}

/* v >= 0; returns the bucket code, sets the extra bits count and value. */
static unsigned bucket(uint32_t v, unsigned *nextra, uint32_t *extra)
{
    if (v < 4) {
        *nextra = 0;
        *extra = 0;
        return v;
    }
    unsigned nb = ilog2(v);
    *nextra = nb - 1;
    *extra = v & ((1u << (nb - 1)) - 1);
    return 2 * nb + ((v >> (nb - 1)) & 1);
}

static uint32_t unbucket(unsigned code, BitReader *r)
{
    if (code < 4)
        return code;
    unsigned nb = code / 2;
    uint32_t v = (2u | (code & 1)) << (nb - 1);
    return v | br_get(r, nb - 1);
}

/* ---- Huffman code construction ---- */

typedef struct HeapItem {
    uint32_t freq;
    int id;             /* node index: ties broken by it, so the tree is deterministic */
} HeapItem;

static int heap_less(const HeapItem *a, const HeapItem *b)
{
    return a->freq < b->freq || (a->freq == b->freq && a->id < b->id);
}

static void heap_push(HeapItem *h, int *n, HeapItem it)
{
    int i = (*n)++;
    while (i > 0 && heap_less(&it, &h[(i - 1) / 2])) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = it;
}

static HeapItem heap_pop(HeapItem *h, int *n)
{
    HeapItem top = h[0], last = h[--(*n)];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && heap_less(&h[c + 1], &h[c]))
            c++;
        if (!heap_less(&h[c], &last))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

/* Code lengths for freq[0..n); at most MAX_BITS, halving frequencies until they fit. */
static void huff_lengths(const uint32_t *freq_in, int n, uint8_t *len)
{
    uint32_t freq[NUM_LITLEN];
    memcpy(freq, freq_in, n * sizeof(freq[0]));
    for (;;) {
        HeapItem heap[2 * NUM_LITLEN];
        int parent[2 * NUM_LITLEN];
        int hn = 0, next = n, used = 0;
        for (int i = 0; i < n; i++) {
            len[i] = 0;
            if (freq[i]) {
                heap_push(heap, &hn, (HeapItem){freq[i], i});
                used++;
            }
        }
        if (used == 0)
            return;
        if (used == 1) {
            for (int i = 0; i < n; i++)
                if (freq[i])
                    len[i] = 1;
            return;
        }
        while (hn > 1) {
            HeapItem a = heap_pop(heap, &hn), b = heap_pop(heap, &hn);
            parent[a.id] = next;
            parent[b.id] = next;
            heap_push(heap, &hn, (HeapItem){a.freq + b.freq, next});
            next++;
        }
        int root = next - 1, maxlen = 0;
        for (int i = 0; i < n; i++) {
            if (!freq[i])
                continue;
            int d = 0;
            for (int j = i; j != root; j = parent[j])
                d++;
            len[i] = (uint8_t)d;
            if (d > maxlen)
                maxlen = d;
        }
        if (maxlen <= MAX_BITS)
            return;
        for (int i = 0; i < n; i++)
            if (freq[i])
                freq[i] = (freq[i] + 1) / 2;
    }
}

/* Canonical codes from lengths, bit-reversed for the LSB-first writer. */
static void huff_codes(const uint8_t *len, int n, uint16_t *code)
{
    uint16_t count[MAX_BITS + 1] = {0}, next[MAX_BITS + 2];
    for (int i = 0; i < n; i++)
        count[len[i]]++;
    count[0] = 0;
    uint16_t c = 0;
    for (int b = 1; b <= MAX_BITS; b++) {
        c = (uint16_t)((c + count[b - 1]) << 1);
        next[b] = c;
    }
    for (int i = 0; i < n; i++) {
        if (!len[i])
            continue;
        uint16_t v = next[len[i]]++, r = 0;
        for (int k = 0; k < len[i]; k++)
            r = (uint16_t)(r << 1 | ((v >> k) & 1));
        code[i] = r;
    }
}

typedef struct HuffDecoder {
    uint16_t count[MAX_BITS + 1];
    uint16_t symbol[NUM_LITLEN];
} HuffDecoder;

static void huff_decoder(HuffDecoder *d, const uint8_t *len, int n)
{
    uint16_t offs[MAX_BITS + 2];
    memset(d->count, 0, sizeof(d->count));
    for (int i = 0; i < n; i++)
        d->count[len[i]]++;
    d->count[0] = 0;
    offs[1] = 0;
    for (int b = 1; b < MAX_BITS; b++)
        offs[b + 1] = offs[b] + d->count[b];
    for (int i = 0; i < n; i++)
        if (len[i])
            d->symbol[offs[len[i]]++] = (uint16_t)i;
}

/* Canonical decode one bit at a time: code, first and index walk the lengths. */
static int huff_decode(const HuffDecoder *d, BitReader *r)
{
    int code = 0, first = 0, index = 0;
    for (int b = 1; b <= MAX_BITS; b++) {
        code |= (int)br_get(r, 1);
        int count = d->count[b];
        if (code - count < first)
            return d->symbol[index + (code - first)];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    return -1;
}

/* ---- LZ77 ---- */

typedef struct Token {
    uint16_t len;       /* 0: literal */
    uint16_t dist;      /* distance - 1, or the literal byte */
} Token;

static uint32_t hash3(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static size_t lz77_parse(const uint8_t *in, size_t start, size_t end, int32_t *head,
                         int32_t *prev, Token *tok)
{
    size_t nt = 0, i = start;
    while (i < end) {
        size_t best_len = 0, best_dist = 0;
        if (i + MIN_MATCH <= end) {
            uint32_t h = hash3(in + i);
            int32_t cand = head[h];
            size_t maxlen = end - i < MAX_MATCH ? end - i : MAX_MATCH;
            for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++) {
                size_t dist = i - (size_t)cand;
                if (dist > WINDOW)
                    break;
                size_t l = 0;
                while (l < maxlen && in[cand + l] == in[i + l])
                    l++;
                if (l > best_len) {
                    best_len = l;
                    best_dist = dist;
                    if (l == maxlen)
                        break;
                }
                cand = prev[cand & (WINDOW - 1)];
            }
        }
        size_t adv = best_len >= MIN_MATCH ? best_len : 1;
        if (best_len >= MIN_MATCH)
            tok[nt++] = (Token){(uint16_t)best_len, (uint16_t)(best_dist - 1)};
        else
            tok[nt++] = (Token){0, in[i]};
        /* Insert every position we pass into the hash chains. */
        for (size_t k = 0; k < adv; k++, i++) {
            if (i + MIN_MATCH <= end) {
                uint32_t h = hash3(in + i);
                prev[i & (WINDOW - 1)] = head[h];
                head[h] = (int32_t)i;
            }
        }
    }
    return nt;
}

/* ---- block coder ---- */

static size_t compress(const uint8_t *in, size_t n, uint8_t **out)
{
    BitWriter w = {0};
    int32_t *head = malloc(sizeof(int32_t) << HASH_BITS);
    int32_t *prev = malloc(sizeof(int32_t) * WINDOW);
    Token *tok = malloc(sizeof(Token) * BLOCK);
    if (!head || !prev || !tok)
        exit(2);
    for (size_t i = 0; i < (1u << HASH_BITS); i++)
        head[i] = -1;

    bw_put(&w, (uint32_t)n, 32);
    for (size_t start = 0; start < n; start += BLOCK) {
        size_t end = n - start < BLOCK ? n : start + BLOCK;
        size_t nt = lz77_parse(in, start, end, head, prev, tok);

        uint32_t lfreq[NUM_LITLEN] = {0}, dfreq[NUM_DIST] = {0};
        for (size_t t = 0; t < nt; t++) {
            unsigned ne;
            uint32_t ex;
            if (tok[t].len == 0) {
                lfreq[tok[t].dist]++;
            } else {
                lfreq[NUM_LIT + bucket(tok[t].len - MIN_MATCH, &ne, &ex)]++;
                dfreq[bucket(tok[t].dist, &ne, &ex)]++;
            }
        }
        lfreq[256]++;
        uint8_t llen[NUM_LITLEN], dlen[NUM_DIST];
        uint16_t lcode[NUM_LITLEN], dcode[NUM_DIST];
        huff_lengths(lfreq, NUM_LITLEN, llen);
        huff_lengths(dfreq, NUM_DIST, dlen);
        huff_codes(llen, NUM_LITLEN, lcode);
        huff_codes(dlen, NUM_DIST, dcode);
        for (int i = 0; i < NUM_LITLEN; i++)
            bw_put(&w, llen[i], 4);
        for (int i = 0; i < NUM_DIST; i++)
            bw_put(&w, dlen[i], 4);
        for (size_t t = 0; t < nt; t++) {
            if (tok[t].len == 0) {
                bw_put(&w, lcode[tok[t].dist], llen[tok[t].dist]);
                continue;
            }
            unsigned ne;
            uint32_t ex;
            unsigned lc = NUM_LIT + bucket(tok[t].len - MIN_MATCH, &ne, &ex);
            bw_put(&w, lcode[lc], llen[lc]);
            bw_put(&w, ex, ne);
            unsigned dc = bucket(tok[t].dist, &ne, &ex);
            bw_put(&w, dcode[dc], dlen[dc]);
            bw_put(&w, ex, ne);
        }
        bw_put(&w, lcode[256], llen[256]);
    }
    bw_flush(&w);
    free(head);
    free(prev);
    free(tok);
    *out = w.buf;
    return w.pos;
}

/* Returns the decompressed size, or (size_t)-1 on a corrupt stream. */
static size_t decompress(const uint8_t *in, size_t n, uint8_t **out)
{
    BitReader r = {in, n, 0, 0, 0, 0};
    size_t size = br_get(&r, 32), pos = 0;
    uint8_t *o = malloc(size ? size : 1);
    static HuffDecoder ld, dd;
    if (!o)
        exit(2);
    while (pos < size) {
        uint8_t llen[NUM_LITLEN], dlen[NUM_DIST];
        for (int i = 0; i < NUM_LITLEN; i++)
            llen[i] = (uint8_t)br_get(&r, 4);
        for (int i = 0; i < NUM_DIST; i++)
            dlen[i] = (uint8_t)br_get(&r, 4);
        huff_decoder(&ld, llen, NUM_LITLEN);
        huff_decoder(&dd, dlen, NUM_DIST);
        for (;;) {
            int sym = huff_decode(&ld, &r);
            if (sym < 0 || r.overrun)
                goto corrupt;
            if (sym < 256) {
                if (pos >= size)
                    goto corrupt;
                o[pos++] = (uint8_t)sym;
                continue;
            }
            if (sym == 256)
                break;
            size_t len = unbucket((unsigned)(sym - NUM_LIT), &r) + MIN_MATCH;
            int dsym = huff_decode(&dd, &r);
            if (dsym < 0)
                goto corrupt;
            size_t dist = unbucket((unsigned)dsym, &r) + 1;
            if (dist > pos || len > size - pos)
                goto corrupt;
            /* Byte by byte: overlapping copies (dist < len) repeat the pattern. */
            for (size_t k = 0; k < len; k++, pos++)
                o[pos] = o[pos - dist];
        }
    }
    *out = o;
    return pos;
corrupt:
    free(o);
    *out = NULL;
    return (size_t)-1;
}

/* ---- test data ---- */

static uint32_t rng = 2463534242u;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void gen_text(uint8_t *p, size_t n)
{
    static const char *words[] = {
        "the", "emulator", "translates", "guest", "code", "into", "host", "blocks",
        "and", "chains", "them", "register", "memory", "of", "a", "to", "instruction",
        "interpreter", "compiler", "with", "is", "fast", "correct", "test", "\n",
    };
    size_t i = 0;
    while (i < n) {
        const char *w = words[next_rand() % (sizeof(words) / sizeof(words[0]))];
        while (*w && i < n)
            p[i++] = (uint8_t)*w++;
        if (i < n)
            p[i++] = next_rand() % 7 ? ' ' : ',';
    }
}

static void gen_mixed(uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t r = next_rand();
        size_t run = 1 + (r >> 8) % 300;
        if (run > n - i)
            run = n - i;
        switch (r & 3) {
        case 0: /* a run of one byte */
            memset(p + i, (int)(r >> 24), run);
            break;
        case 1: /* noise */
            for (size_t k = 0; k < run; k++)
                p[i + k] = (uint8_t)next_rand();
            break;
        case 2: /* a copy of something earlier */
            if (i > 0) {
                size_t from = next_rand() % i;
                for (size_t k = 0; k < run; k++)
                    p[i + k] = p[from + k];
                break;
            }
            /* fall through */
        default: /* a ramp */
            for (size_t k = 0; k < run; k++)
                p[i + k] = (uint8_t)(k * 3 + (r >> 16));
            break;
        }
        i += run;
    }
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static int round_trip(const char *name, const uint8_t *data, size_t n)
{
    uint8_t *c, *d;
    size_t cn = compress(data, n, &c);
    size_t dn = decompress(c, cn, &d);
    int ok = dn == n && memcmp(d, data, n) == 0;
    printf("%-8s %7zu -> %7zu bytes (%5.1f%%)  in %016llx  out %016llx  %s\n", name, n, cn,
           n ? 100.0 * (double)cn / (double)n : 0.0, (unsigned long long)fnv1a(data, n),
           (unsigned long long)fnv1a(c, cn), ok ? "ok" : "MISMATCH");
    /* A damaged stream must be rejected or decode to something else, never crash. */
    if (cn > 100) {
        c[cn / 2] ^= 0x5a;
        uint8_t *bad;
        size_t bn = decompress(c, cn, &bad);
        printf("%-8s damaged stream: %s\n", name,
               bn == (size_t)-1 ? "rejected"
               : (bn == n && memcmp(bad, data, n) == 0) ? "SAME" : "decoded differently");
        free(bad);
    }
    free(c);
    free(d);
    return ok;
}

int main(void)
{
    size_t n = 96 * 1024;
    uint8_t *buf = malloc(n);
    int ok = 1;
    if (!buf)
        return 2;

    gen_text(buf, n);
    ok &= round_trip("text", buf, n);
    gen_mixed(buf, n);
    ok &= round_trip("mixed", buf, n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)next_rand();
    ok &= round_trip("random", buf, 20000);
    memset(buf, 'z', n);
    ok &= round_trip("zeros", buf, n);
    ok &= round_trip("tiny", (const uint8_t *)"abcabcabcabcabcabc", 18);
    ok &= round_trip("empty", buf, 0);
    free(buf);
    printf("%s\n", ok ? "all round trips ok" : "ROUND TRIP FAILED");
    return ok ? 0 : 1;
}
