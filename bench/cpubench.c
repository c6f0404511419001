/*
 * cpubench.c: crossemu's CPU benchmark, an integer mix.
 *
 * Four kernels that stress different parts of a binary translator:
 *   lists    pointer chasing through shuffled linked lists (loads, branches)
 *   matrix   64x64 integer matrix multiply (multiplies, loops, addressing)
 *   crc      table-driven CRC-32 over a buffer (byte loads, shifts, xor)
 *   fsm      a tokenizer state machine driven by a jump table (indirect branches)
 * Every kernel folds its results into one checksum, printed at the end, so the
 * work cannot be optimised away and every run can be compared.
 *
 * usage: cpubench [ROUNDS]   (default 40, about 2 s natively at -O2 on a 2020s x86-64)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* ---- linked lists ---- */

typedef struct Node {
    struct Node *next;
    uint32_t key;
    uint32_t payload[5];
} Node;

#define LIST_NODES 20000

static uint64_t bench_lists(int iters)
{
    Node *nodes = malloc(sizeof(Node) * LIST_NODES);
    uint32_t *perm = malloc(sizeof(uint32_t) * LIST_NODES);
    if (!nodes || !perm)
        exit(2);
    for (uint32_t i = 0; i < LIST_NODES; i++)
        perm[i] = i;
    for (uint32_t i = LIST_NODES - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(rng() % (i + 1));
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (uint32_t i = 0; i < LIST_NODES; i++) {
        Node *n = &nodes[perm[i]];
        n->next = i + 1 < LIST_NODES ? &nodes[perm[i + 1]] : NULL;
        n->key = (uint32_t)rng();
        for (int k = 0; k < 5; k++)
            n->payload[k] = i * 5 + k;
    }
    Node *head = &nodes[perm[0]];
    uint64_t sum = 0;
    for (int it = 0; it < iters; it++) {
        /* Walk, update, and conditionally unlink/relink the odd-keyed nodes. */
        for (Node *n = head; n; n = n->next) {
            sum += n->key ^ n->payload[it % 5];
            n->key = n->key * 1664525u + 1013904223u;
            if ((n->key & 7) == 3 && n->next && n->next->next) {
                Node *x = n->next;
                n->next = x->next;
                x->next = n->next->next;
                n->next->next = x;
            }
        }
    }
    free(nodes);
    free(perm);
    return sum;
}

/* ---- matrix multiply ---- */

#define MAT 64

static uint64_t bench_matrix(int iters)
{
    static int32_t a[MAT][MAT], b[MAT][MAT], c[MAT][MAT];
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            a[i][j] = (int32_t)(rng() % 2001) - 1000;
            b[i][j] = (int32_t)(rng() % 2001) - 1000;
        }
    uint64_t sum = 0;
    for (int it = 0; it < iters; it++) {
        for (int i = 0; i < MAT; i++)
            for (int j = 0; j < MAT; j++) {
                int64_t s = 0;
                for (int k = 0; k < MAT; k++)
                    s += (int64_t)a[i][k] * b[k][j];
                c[i][j] = (int32_t)(s >> 4);
            }
        /* Feed the result back so every iteration differs. */
        for (int i = 0; i < MAT; i++) {
            sum += (uint32_t)c[i][(i + it) % MAT];
            a[i][it % MAT] = c[i][i] % 1001;
        }
    }
    return sum;
}

/* ---- CRC-32 ---- */

static uint64_t bench_crc(int iters)
{
    static uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    size_t n = 64 * 1024;
    uint8_t *buf = malloc(n);
    if (!buf)
        exit(2);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rng();
    uint64_t sum = 0;
    for (int it = 0; it < iters; it++) {
        uint32_t crc = 0xffffffffu;
        for (size_t i = 0; i < n; i++)
            crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
        crc = ~crc;
        sum += crc;
        buf[it % n] ^= (uint8_t)crc;
    }
    free(buf);
    return sum;
}

/* ---- state machine: a tokenizer over generated text ---- */

enum { S_SPACE, S_WORD, S_NUMBER, S_STRING, S_ESCAPE, S_COMMENT, S_OP, NSTATES };

static uint64_t bench_fsm(int iters)
{
    size_t n = 128 * 1024;
    char *text = malloc(n);
    if (!text)
        exit(2);
    static const char alphabet[] = "abcdefghij  0123456789\"\\#\n+-*/=(){};,xyz";
    for (size_t i = 0; i < n; i++)
        text[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
    uint64_t counts[NSTATES] = {0};
    uint64_t sum = 0;
    for (int it = 0; it < iters; it++) {
        int state = S_SPACE;
        uint32_t value = 0;
        for (size_t i = 0; i < n; i++) {
            char ch = text[i];
            switch (state) {
            case S_SPACE:
            case S_OP:
                if (ch >= 'a' && ch <= 'z')
                    state = S_WORD;
                else if (ch >= '0' && ch <= '9') {
                    state = S_NUMBER;
                    value = (uint32_t)(ch - '0');
                } else if (ch == '"')
                    state = S_STRING;
                else if (ch == '#')
                    state = S_COMMENT;
                else if (ch == ' ' || ch == '\n')
                    state = S_SPACE;
                else
                    state = S_OP;
                break;
            case S_WORD:
                if (!(ch >= 'a' && ch <= 'z'))
                    state = ch == '"' ? S_STRING : S_SPACE;
                break;
            case S_NUMBER:
                if (ch >= '0' && ch <= '9')
                    value = value * 10 + (uint32_t)(ch - '0');
                else {
                    sum += value;
                    state = S_SPACE;
                }
                break;
            case S_STRING:
                if (ch == '\\')
                    state = S_ESCAPE;
                else if (ch == '"')
                    state = S_SPACE;
                break;
            case S_ESCAPE:
                state = S_STRING;
                break;
            case S_COMMENT:
                if (ch == '\n')
                    state = S_SPACE;
                break;
            }
            counts[state]++;
        }
        text[(size_t)it * 7919 % n] = alphabet[it % (sizeof(alphabet) - 1)];
    }
    for (int s = 0; s < NSTATES; s++)
        sum = sum * 31 + counts[s];
    free(text);
    return sum;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 40;
    if (rounds <= 0) {
        fprintf(stderr, "usage: %s [ROUNDS]\n", argv[0]);
        return 1;
    }
    uint64_t l = bench_lists(30 * rounds);
    uint64_t m = bench_matrix(12 * rounds);
    uint64_t c = bench_crc(60 * rounds);
    uint64_t f = bench_fsm(24 * rounds);
    printf("lists  %016llx\nmatrix %016llx\ncrc    %016llx\nfsm    %016llx\n",
           (unsigned long long)l, (unsigned long long)m, (unsigned long long)c,
           (unsigned long long)f);
    printf("checksum %016llx\n", (unsigned long long)(l ^ (m << 1) ^ (c << 2) ^ (f << 3)));
    return 0;
}
