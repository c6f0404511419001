#!/usr/bin/env python3
#
# decode.py: turn crossemu *.decode pattern files into a C decoder.
#
# The language (fields, argument sets, formats, patterns, groups) is described
# in docs/devel/decode.md.  The generated .c.inc holds the argument-set
# typedefs, the trans_* prototypes, one extract function per distinct way of
# filling an argument set, and the decoder function itself, a decision tree
# that switches on the bits fixed in every remaining candidate.
#
# Usage:
#   decode.py [--decls FILE]... --width W --decoder NAME --insn-type T INPUT -o OUT
#
# Errors are reported as "FILE:LINE: problem" on stderr; the exit status is 1
# and no output file is written.
#
# Python 3 standard library only: it runs at build time on any build host.

import argparse
import os
import re
import sys

IDENT_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*$')
PIECE_RE = re.compile(r'([0-9]+):([0-9]+)(s?)$')
BITS_RE = re.compile(r'[01.\-]+$')
CONST_RE = re.compile(r'-?(0[xX][0-9a-fA-F]+|[0-9]+)$')

MAX_ERRORS = 30


class DecodeError(Exception):
    """An error that stops processing of the current statement."""

    def __init__(self, loc, msg):
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


class Loc:
    """A source position, printed as FILE:LINE."""

    def __init__(self, fname, line):
        self.fname = fname
        self.line = line

    def __str__(self):
        return '%s:%d' % (self.fname, self.line)


class Field:
    """%name: pieces (pos, len, signed), most significant first, + function."""

    def __init__(self, name, pieces, func, loc):
        self.name = name
        self.pieces = pieces
        self.func = func
        self.loc = loc

    @property
    def mask(self):
        m = 0
        for pos, length, _ in self.pieces:
            m |= ((1 << length) - 1) << pos
        return m

    @property
    def length(self):
        return sum(p[1] for p in self.pieces)

    @property
    def signed(self):
        return bool(self.pieces) and self.pieces[0][2]

    def max_bit(self):
        return max((pos + length for pos, length, _ in self.pieces), default=0)


class ArgSet:
    def __init__(self, name, fields, loc, extern=False, implicit=False):
        self.name = name
        self.fields = fields
        self.loc = loc
        self.extern = extern
        self.implicit = implicit
        self.from_decls = False
        self.used = False


class Assign:
    """One way of filling an argset member.

    kind is 'field' (value: Field), 'inline' (value: a Field built from
    f=POS:LEN[s]) or 'const' (value: int).  `loc` is the line that wrote it,
    `text` the token as written there (for messages).
    """

    def __init__(self, name, kind, value, loc, text):
        self.name = name
        self.kind = kind
        self.value = value
        self.loc = loc
        self.text = text

    def key(self):
        if self.kind == 'const':
            return (self.name, 'const', self.value)
        f = self.value
        return (self.name, 'field', tuple(f.pieces), f.func)

    def mask(self):
        return 0 if self.kind == 'const' else self.value.mask


class Bits:
    """The fixed/field/ignored status of each bit of one line's BITS."""

    def __init__(self, fixedmask=0, fixedbits=0, dotmask=0, ignmask=0):
        self.fixedmask = fixedmask
        self.fixedbits = fixedbits
        self.dotmask = dotmask
        self.ignmask = ignmask


class Format:
    def __init__(self, name, bits, argset, assigns, loc, width):
        self.name = name
        self.bits = bits
        self.argset = argset
        self.assigns = assigns      # dict name -> Assign, in order
        self.loc = loc
        self.width = width
        self.from_decls = False


class Pattern:
    def __init__(self, name, loc):
        self.name = name
        self.loc = loc
        self.fixedmask = 0
        self.fixedbits = 0
        self.argset = None
        self.assigns = []           # list of Assign, argset order
        self.fmt = None
        self.own_assigns = False    # the pattern line assigns something itself
        self.extract = None         # ExtractFn

    # Common interface with Group for the tree builder.
    def leaves(self):
        return [self]

    @property
    def mask(self):
        return self.fixedmask

    @property
    def bits(self):
        return self.fixedbits


class Group:
    def __init__(self, kind, loc):
        self.kind = kind            # '{' overlapping, '[' non-overlapping
        self.loc = loc
        self.members = []
        self._mask = None
        self._bits = None

    def leaves(self):
        out = []
        for m in self.members:
            out.extend(m.leaves())
        return out

    def _compute(self):
        mask = None
        bits = 0
        for m in self.members:
            if mask is None:
                mask, bits = m.mask, m.bits
            else:
                mask &= m.mask
                mask &= ~(bits ^ m.bits)
        self._mask = mask or 0
        self._bits = bits & self._mask

    @property
    def mask(self):
        """The bits fixed, to the same value, in every member."""
        if self._mask is None:
            self._compute()
        return self._mask

    @property
    def bits(self):
        if self._mask is None:
            self._compute()
        return self._bits


class ExtractFn:
    def __init__(self, name, argset, assigns):
        self.name = name
        self.argset = argset
        self.assigns = assigns


def bit_list(mask):
    """'31..25, 7' for error messages, highest bit first."""
    out = []
    for pos, length in runs_of(mask):
        if length == 1:
            out.append(str(pos))
        else:
            out.append('%d..%d' % (pos + length - 1, pos))
    return ', '.join(out)


class Parser:
    def __init__(self, width):
        self.width = width
        self.allmask = (1 << width) - 1
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.patterns = []
        self.pattern_names = {}     # name -> first Pattern
        self.errors = []
        self.root = Group('[', None)
        self.bad_names = set()      # definitions that failed: no cascades
        self.decls = False
        self.fname = ''

    # -- errors ------------------------------------------------------------

    def error(self, loc, msg):
        # msg None: the statement refers to a definition that already failed;
        # that failure was reported, so stay quiet instead of cascading.
        if msg is not None:
            self.errors.append('%s: %s' % (loc, msg))

    # -- reading -----------------------------------------------------------

    def read_file(self, fname, decls):
        """Parse one file.  Pattern lines of a --decls file are skipped."""
        self.decls = decls
        self.fname = fname
        try:
            with open(fname, 'r', encoding='utf-8') as f:
                lines = f.read().split('\n')
            if lines and lines[-1] == '':
                lines.pop()     # the final newline ends the last line
        except OSError as e:
            self.errors.append('%s: cannot read: %s' % (fname, e.strerror))
            return
        except UnicodeDecodeError:
            self.errors.append('%s: not valid UTF-8 text' % fname)
            return

        stack = [self.root] if not decls else [Group('[', None)]
        stmt = []
        stmt_line = 0
        for lineno, raw in enumerate(lines, 1):
            text = raw.split('#', 1)[0]
            cont = False
            stripped = text.rstrip()
            if stripped.endswith('\\'):
                cont = True
                stripped = stripped[:-1]
            toks = stripped.split()
            if not stmt:
                stmt_line = lineno
            stmt.extend(toks)
            if cont:
                continue
            if stmt:
                self.statement(stmt, Loc(fname, stmt_line), stack)
            stmt = []
        if stmt:
            self.error(Loc(fname, stmt_line),
                       'line continuation at end of file')
        while len(stack) > 1:
            g = stack.pop()
            self.error(g.loc, "unbalanced '%s': group never closed" % g.kind)

    def statement(self, toks, loc, stack):
        # Group brackets may share a line with a statement: "{ insn ...".
        while toks and toks[0] in ('{', '[', '}', ']'):
            t = toks.pop(0)
            if t in ('{', '['):
                g = Group(t, loc)
                stack[-1].members.append(g)
                stack.append(g)
            else:
                want = '{' if t == '}' else '['
                if len(stack) == 1:
                    self.error(loc, "unbalanced '%s': no group is open" % t)
                elif stack[-1].kind != want:
                    self.error(loc, "unbalanced '%s': closes the '%s' opened at "
                               "line %d" % (t, stack[-1].kind,
                                            stack[-1].loc.line))
                    stack.pop()
                else:
                    g = stack.pop()
                    if not g.members:
                        stack[-1].members.remove(g)
        if not toks:
            return
        # A closing bracket at the end of a statement line.
        tail = []
        while toks and toks[-1] in ('}', ']'):
            tail.insert(0, toks.pop())
        try:
            if toks:
                c = toks[0][0]
                if c == '%':
                    self.parse_field(toks, loc)
                elif c == '&':
                    self.parse_argset(toks, loc)
                elif c == '@':
                    self.parse_format(toks, loc)
                elif IDENT_RE.match(toks[0]):
                    if self.decls:
                        # --decls: definitions only; the patterns belong to
                        # the decoder generated from that file.
                        pass
                    else:
                        stack[-1].members.append(self.parse_pattern(toks, loc))
                else:
                    raise DecodeError(loc, "malformed token '%s' at start of "
                                      "statement" % toks[0])
        except DecodeError as e:
            self.error(e.loc, e.msg)
        if tail:
            self.statement(tail, loc, stack)

    # -- definitions -------------------------------------------------------

    def check_name(self, tok, sigil, what, loc):
        name = tok[len(sigil):]
        if not IDENT_RE.match(name):
            raise DecodeError(loc, "malformed %s name '%s'" % (what, tok))
        return name

    def check_dup(self, table, name, sigil, what, loc):
        if name in table:
            prev = table[name]
            raise DecodeError(loc, 'duplicate %s %s%s (first defined at %s)'
                              % (what, sigil, name, prev.loc))
        if (sigil + name) in self.bad_names:
            raise DecodeError(loc, 'duplicate %s %s%s' % (what, sigil, name))

    def parse_field(self, toks, loc):
        name = self.check_name(toks[0], '%', 'field', loc)
        self.check_dup(self.fields, name, '%', 'field', loc)
        try:
            pieces = []
            func = None
            for t in toks[1:]:
                if t.startswith('!function='):
                    fn = t[len('!function='):]
                    if not IDENT_RE.match(fn):
                        raise DecodeError(loc, "malformed function name in '%s'"
                                          % t)
                    if func is not None:
                        raise DecodeError(loc, 'field %%%s has two !function'
                                          % name)
                    func = fn
                    continue
                m = PIECE_RE.match(t)
                if not m:
                    raise DecodeError(loc, "malformed field piece '%s' in %%%s "
                                      "(expected POS:LEN or POS:LENs)"
                                      % (t, name))
                pos, length, sign = int(m.group(1)), int(m.group(2)), m.group(3)
                if sign and pieces:
                    raise DecodeError(loc, "field %%%s: only the first piece may "
                                      "be sign-extended ('%s')" % (name, t))
                self.check_piece(pos, length, t, '%' + name, loc)
                pieces.append((pos, length, bool(sign)))
            if not pieces and func is None:
                raise DecodeError(loc, 'field %%%s has no pieces' % name)
            total = sum(p[1] for p in pieces)
            if total > 32:
                raise DecodeError(loc, 'field %%%s is %d bits long; at most 32 '
                                  'bits are allowed' % (name, total))
            mask = 0
            for pos, length, _ in pieces:
                pm = ((1 << length) - 1) << pos
                if mask & pm:
                    raise DecodeError(loc, 'field %%%s uses bit(s) %s twice'
                                      % (name, bit_list(mask & pm)))
                mask |= pm
        except DecodeError:
            self.bad_names.add('%' + name)
            raise
        self.fields[name] = Field(name, pieces, func, loc)

    def check_piece(self, pos, length, text, what, loc):
        if length == 0:
            raise DecodeError(loc, "%s: zero-length piece '%s'" % (what, text))
        if length > 32:
            raise DecodeError(loc, "%s: piece '%s' is longer than 32 bits"
                              % (what, text))
        if pos + length > 32:
            raise DecodeError(loc, "%s: piece '%s' goes beyond bit 31"
                              % (what, text))

    def parse_argset(self, toks, loc):
        name = self.check_name(toks[0], '&', 'argument set', loc)
        self.check_dup(self.argsets, name, '&', 'argument set', loc)
        try:
            fields = []
            extern = False
            for t in toks[1:]:
                if t == '!extern':
                    extern = True
                    continue
                if not IDENT_RE.match(t):
                    raise DecodeError(loc, "malformed argument name '%s' in &%s"
                                      % (t, name))
                if t in fields:
                    raise DecodeError(loc, "argument '%s' appears twice in &%s"
                                      % (t, name))
                fields.append(t)
        except DecodeError:
            self.bad_names.add('&' + name)
            raise
        a = ArgSet(name, fields, loc, extern=extern)
        a.from_decls = self.decls
        self.argsets[name] = a

    def lookup_field(self, name, loc):
        if name in self.fields:
            return self.fields[name]
        if ('%' + name) in self.bad_names:
            raise DecodeError(loc, None)
        raise DecodeError(loc, 'unknown field %%%s' % name)

    def parse_generic(self, toks, loc, is_format):
        """Parse the body of a format or pattern line.

        Returns (bits, argset name or None, format name or None, assigns).
        """
        what = 'format' if is_format else 'pattern'
        bitstr = ''
        argset = None
        fmt = None
        assigns = {}
        for t in toks[1:]:
            if BITS_RE.match(t):
                bitstr += t
            elif t.startswith('&'):
                n = self.check_name(t, '&', 'argument set', loc)
                if argset is not None:
                    raise DecodeError(loc, 'more than one argument set (&%s, &%s)'
                                      % (argset, n))
                argset = n
            elif t.startswith('@'):
                n = self.check_name(t, '@', 'format', loc)
                if is_format:
                    raise DecodeError(loc, "a format cannot use another format "
                                      "('%s')" % t)
                if fmt is not None:
                    raise DecodeError(loc, 'more than one format (@%s, @%s)'
                                      % (fmt, n))
                fmt = n
            elif t.startswith('%'):
                n = self.check_name(t, '%', 'field', loc)
                a = Assign(n, 'field', self.lookup_field(n, loc), loc, t)
                self.add_assign(assigns, a, loc)
            elif '=' in t:
                lhs, rhs = t.split('=', 1)
                if not IDENT_RE.match(lhs):
                    raise DecodeError(loc, "malformed assignment '%s'" % t)
                if rhs.startswith('%'):
                    n = self.check_name(rhs, '%', 'field', loc)
                    a = Assign(lhs, 'field', self.lookup_field(n, loc), loc, t)
                elif PIECE_RE.match(rhs):
                    m = PIECE_RE.match(rhs)
                    pos, length = int(m.group(1)), int(m.group(2))
                    self.check_piece(pos, length, rhs, "field '%s'" % lhs, loc)
                    f = Field(lhs, [(pos, length, bool(m.group(3)))], None, loc)
                    a = Assign(lhs, 'inline', f, loc, t)
                elif CONST_RE.match(rhs):
                    body = rhs.lstrip('-')
                    if body.lower().startswith('0x'):
                        v = int(body, 16)
                    else:
                        v = int(body, 10)
                    if rhs.startswith('-'):
                        v = -v
                    if v < -(1 << 31) or v >= (1 << 32):
                        raise DecodeError(loc, "constant '%s' does not fit in "
                                          "32 bits" % t)
                    if v >= (1 << 31):
                        v -= 1 << 32
                    a = Assign(lhs, 'const', v, loc, t)
                else:
                    raise DecodeError(loc, "malformed assignment '%s' (expected "
                                      "f=%%field, f=POS:LEN[s] or f=CONST)" % t)
                self.add_assign(assigns, a, loc)
            else:
                raise DecodeError(loc, "malformed token '%s' in %s %s"
                                  % (t, what, toks[0]))
        if len(bitstr) != self.width:
            if is_format and self.decls:
                # A --decls file may serve decoders of another width; its
                # formats are only an error if this decoder uses them.
                return None, argset, fmt, assigns
            raise DecodeError(loc, '%s %s has %d bits, the decoder width is %d'
                              % (what, toks[0], len(bitstr), self.width))
        bits = Bits()
        for i, c in enumerate(bitstr):
            b = 1 << (self.width - 1 - i)
            if c == '0' or c == '1':
                bits.fixedmask |= b
                if c == '1':
                    bits.fixedbits |= b
            elif c == '.':
                bits.dotmask |= b
            else:
                bits.ignmask |= b
        return bits, argset, fmt, assigns

    def add_assign(self, assigns, a, loc):
        if a.name in assigns:
            raise DecodeError(loc, "field '%s' assigned twice ('%s' and '%s')"
                              % (a.name, assigns[a.name].text, a.text))
        assigns[a.name] = a

    def check_width(self, assigns, loc):
        for a in assigns:
            if a.kind != 'const' and a.value.max_bit() > self.width:
                raise DecodeError(loc, "field '%s' (%s) uses bits beyond the "
                                  "%d-bit instruction"
                                  % (a.name, a.text, self.width))

    def check_fixed_overlap(self, assigns, fixedmask, loc):
        """Fields written on a line must not read bits fixed by that line."""
        for a in assigns:
            clash = a.mask() & fixedmask
            if clash:
                raise DecodeError(loc, "field '%s' (%s) reads fixed bit(s) %s"
                                  % (a.name, a.text, bit_list(clash)))

    def lookup_argset(self, name, loc):
        if name in self.argsets:
            return self.argsets[name]
        if ('&' + name) in self.bad_names:
            raise DecodeError(loc, None)
        raise DecodeError(loc, 'unknown argument set &%s' % name)

    def implicit_argset(self, name, fields, loc, what):
        """The argset a format or pattern without &set gets: arg_<name>."""
        if name in self.argsets:
            a = self.argsets[name]
            if sorted(a.fields) == sorted(fields):
                return a
            if a.implicit:
                raise DecodeError(loc, 'implicit argument set arg_%s (fields: %s) '
                                  'differs from the one made at %s (fields: %s)'
                                  % (name, ' '.join(fields) or 'none', a.loc,
                                     ' '.join(a.fields) or 'none'))
            raise DecodeError(loc, '%s has no &argset and its implicit set '
                              'arg_%s (fields: %s) conflicts with &%s defined '
                              'at %s' % (what, name, ' '.join(fields) or 'none',
                                         name, a.loc))
        a = ArgSet(name, list(fields), loc, implicit=True)
        a.from_decls = self.decls
        self.argsets[name] = a
        return a

    def parse_format(self, toks, loc):
        name = self.check_name(toks[0], '@', 'format', loc)
        self.check_dup(self.formats, name, '@', 'format', loc)
        try:
            bits, argname, _, assigns = self.parse_generic(toks, loc, True)
            if bits is None:
                f = Format(name, None, None, assigns, loc, 0)
                f.from_decls = True
                self.formats[name] = f
                return
            self.check_width(assigns.values(), loc)
            self.check_fixed_overlap(assigns.values(), bits.fixedmask, loc)
            if argname is not None:
                argset = self.lookup_argset(argname, loc)
                for a in assigns.values():
                    if a.name not in argset.fields:
                        raise DecodeError(loc, "field '%s' is not in argument "
                                          "set &%s" % (a.name, argset.name))
            else:
                argset = self.implicit_argset(name, list(assigns), loc,
                                              'format @%s' % name)
            fmt = Format(name, bits, argset, assigns, loc, self.width)
        except DecodeError:
            self.bad_names.add('@' + name)
            raise
        fmt.from_decls = self.decls
        self.formats[name] = fmt

    def parse_pattern(self, toks, loc):
        name = toks[0]
        bits, argname, fmtname, assigns = self.parse_generic(toks, loc, False)
        fmt = None
        if fmtname is not None:
            if fmtname in self.formats:
                fmt = self.formats[fmtname]
            elif ('@' + fmtname) in self.bad_names:
                raise DecodeError(loc, None)
            else:
                raise DecodeError(loc, 'unknown format @%s' % fmtname)
            if fmt.bits is None:
                raise DecodeError(loc, 'format @%s (%s) is not %d bits wide'
                                  % (fmtname, fmt.loc, self.width))

        p = Pattern(name, loc)
        fixedmask, fixedbits = bits.fixedmask, bits.fixedbits
        dotmask = bits.dotmask
        if fmt is not None:
            both = fmt.bits.fixedmask & bits.fixedmask
            clash = both & (fmt.bits.fixedbits ^ bits.fixedbits)
            if clash:
                raise DecodeError(loc, 'bit(s) %s fixed differently here and in '
                                  'format @%s (%s)' % (bit_list(clash), fmt.name,
                                                       fmt.loc))
            fixedmask |= fmt.bits.fixedmask
            fixedbits |= fmt.bits.fixedbits
            # This line's own '.'/'-' wins over the format's for a free bit.
            dotmask |= fmt.bits.dotmask & ~bits.ignmask
        dotmask &= ~fixedmask
        p.fixedmask, p.fixedbits = fixedmask, fixedbits

        self.check_width(assigns.values(), loc)
        self.check_fixed_overlap(assigns.values(), fixedmask, loc)

        # The argument set: explicit, else the format's, else implicit.
        merged = dict(fmt.assigns) if fmt is not None else {}
        merged.update(assigns)
        if argname is not None:
            argset = self.lookup_argset(argname, loc)
        elif fmt is not None:
            argset = fmt.argset
        else:
            argset = self.implicit_argset(name, list(assigns), loc,
                                          'pattern %s' % name)
        for a in merged.values():
            if a.name not in argset.fields:
                src = '' if a.loc is loc else ' (from format @%s)' % fmt.name
                raise DecodeError(loc, "field '%s'%s is not in argument set &%s"
                                  % (a.name, src, argset.name))
        missing = [f for f in argset.fields if f not in merged]
        if missing:
            raise DecodeError(loc, 'argument(s) %s of &%s not assigned in %s'
                              % (', '.join(missing), argset.name, name))
        if fmt is not None:
            self.check_width(merged.values(), loc)

        # Every '.' bit must be read by some field; '-' marks ignored bits.
        used = 0
        for a in merged.values():
            used |= a.mask()
        loose = dotmask & ~used
        if loose:
            raise DecodeError(loc, "bit(s) %s are '.' but no field of %s uses "
                              "them (use '-' for ignored bits)"
                              % (bit_list(loose), name))

        # One trans_ function per name, so one argument set per name.
        prev = self.pattern_names.get(name)
        if prev is not None and prev.argset is not argset:
            raise DecodeError(loc, 'pattern %s uses &%s but %s at %s uses &%s '
                              '(patterns sharing a name share trans_%s)'
                              % (name, argset.name, name, prev.loc,
                                 prev.argset.name, name))
        p.argset = argset
        p.assigns = [merged[f] for f in argset.fields]
        p.fmt = fmt
        p.own_assigns = bool(assigns)
        if prev is None:
            self.pattern_names[name] = p
        self.patterns.append(p)
        argset.used = True
        return p


# -- semantic checks ------------------------------------------------------

def overlaps(p, q):
    m = p.fixedmask & q.fixedmask
    return ((p.fixedbits ^ q.fixedbits) & m) == 0


def flatten(members):
    """Items of a non-overlapping level: '[' groups dissolve into it."""
    out = []
    for m in members:
        if isinstance(m, Group) and m.kind == '[':
            out.extend(flatten(m.members))
        else:
            out.append(m)
    return out


def check_overlaps(parser, members):
    items = flatten(members)
    leaves = [it.leaves() for it in items]
    reported = set()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            for q in leaves[j]:
                if id(q) in reported:
                    continue
                for p in leaves[i]:
                    if overlaps(p, q):
                        parser.error(q.loc, 'pattern %s overlaps pattern %s '
                                     '(%s) outside an overlapping {} group'
                                     % (q.name, p.name, p.loc))
                        reported.add(id(q))
                        break
    for it in items:
        if isinstance(it, Group):
            check_in_overlap_group(parser, it)


def check_in_overlap_group(parser, g):
    for m in g.members:
        if isinstance(m, Group):
            if m.kind == '[':
                check_overlaps(parser, m.members)
            else:
                check_in_overlap_group(parser, m)


# -- code generation ------------------------------------------------------

class Emitter:
    def __init__(self):
        self.lines = []
        self.depth = 0
        self.last_return = False

    def __call__(self, text=''):
        if text:
            self.lines.append('    ' * self.depth + text)
        else:
            self.lines.append('')
        self.last_return = text.startswith('return ')

    def indent(self):
        self.depth += 1

    def dedent(self):
        self.depth -= 1


def runs_of(mask):
    """Contiguous runs of set bits, most significant first: [(pos, len)]."""
    runs = []
    pos = 0
    while mask >> pos:
        if mask & (1 << pos):
            start = pos
            while mask & (1 << pos):
                pos += 1
            runs.append((start, pos - start))
        else:
            pos += 1
    return list(reversed(runs))


class Generator:
    def __init__(self, parser, args):
        self.p = parser
        self.width = parser.width
        self.allmask = parser.allmask
        self.dec = args.decoder
        self.itype = args.insn_type
        self.digits = self.width // 4
        self.extracts = {}
        self.extract_list = []
        self.extract_names = set()

    def hexw(self, v):
        return '0x%0*x' % (self.digits, v)

    def bitpic(self, mask, bits):
        s = ''
        for i in range(self.width - 1, -1, -1):
            b = 1 << i
            s += ('1' if bits & b else '0') if mask & b else '.'
        return s

    def field_expr(self, f):
        """C expression (int) for a Field read from `insn`."""
        parts = []
        shift = f.length
        for pos, length, _ in f.pieces:
            shift -= length
            e = '((uint32_t)insn >> %d)' % pos if pos else '(uint32_t)insn'
            if pos + length < 32:
                e = '(%s & 0x%x)' % (e, (1 << length) - 1)
            if shift:
                e = '(%s << %d)' % (e, shift)
            parts.append(e)
        if not parts:
            expr = '0'
        else:
            expr = ' | '.join(parts)
            total = f.length
            if f.signed and total < 32:
                expr = '((int32_t)((%s) << %d) >> %d)' % (expr, 32 - total,
                                                          32 - total)
            elif len(parts) == 1 and expr.startswith('('):
                expr = '(int32_t)%s' % expr
            else:
                expr = '(int32_t)(%s)' % expr
        if f.func:
            expr = '%s(ctx, %s)' % (f.func, expr)
        return expr

    def assign_expr(self, a):
        if a.kind == 'const':
            return str(a.value) if a.value != -(1 << 31) else '(-2147483647 - 1)'
        return self.field_expr(a.value)

    def extract_for(self, pat):
        key = (pat.argset.name, tuple(a.key() for a in pat.assigns))
        fn = self.extracts.get(key)
        if fn is None:
            if not pat.assigns:
                return None
            if pat.fmt is not None and not pat.own_assigns:
                base = pat.fmt.name
            else:
                base = pat.name
            name = '%s_extract_%s' % (self.dec, base)
            n = 2
            while name in self.extract_names:
                name = '%s_extract_%s_%d' % (self.dec, base, n)
                n += 1
            self.extract_names.add(name)
            fn = ExtractFn(name, pat.argset, pat.assigns)
            self.extracts[key] = fn
            self.extract_list.append(fn)
        return fn

    def generate(self, input_name):
        e = Emitter()
        e('/* Generated by scripts/decode.py from %s; do not edit. */'
          % input_name)
        e('/* Decoder %s for %d-bit instructions (%s). */'
          % (self.dec, self.width, self.itype))
        e()
        for a in self.p.argsets.values():
            if a.extern or (a.from_decls and not a.used):
                continue
            e('#ifndef DECODE_ARG_%s' % a.name)
            e('#define DECODE_ARG_%s' % a.name)
            e('typedef struct {')
            for f in a.fields:
                e('    int %s;' % f)
            e('} arg_%s;' % a.name)
            e('#endif')
            e()
        seen = set()
        for pat in self.p.patterns:
            if pat.name in seen:
                continue
            seen.add(pat.name)
            e('bool trans_%s(DisasContext *ctx, arg_%s *a);'
              % (pat.name, pat.argset.name))
        if seen:
            e()

        for pat in self.p.patterns:
            pat.extract = self.extract_for(pat)
        for fn in self.extract_list:
            e('static inline void %s(DisasContext *ctx, arg_%s *a, %s insn)'
              % (fn.name, fn.argset.name, self.itype))
            e('{')
            e('    (void)ctx;')
            e('    (void)insn;')
            for a in fn.assigns:
                e('    a->%s = %s;' % (a.name, self.assign_expr(a)))
            e('}')
            e()

        e('bool %s(DisasContext *ctx, %s insn)' % (self.dec, self.itype))
        e('{')
        e.indent()
        e('(void)ctx;')
        e('(void)insn;')
        self.emit_tree(e, flatten(self.p.root.members), 0, False)
        e('return false;')
        e.dedent()
        e('}')
        return '\n'.join(e.lines) + '\n'

    # The decision tree.  `outer` is the mask of bits already tested on the
    # way here; `ovl` is true inside an overlapping group, where a trans_
    # returning false must fall through to the next candidate.

    def emit_tree(self, e, items, outer, ovl):
        if not items:
            return
        if len(items) == 1:
            self.emit_item(e, items[0], outer, ovl)
            return
        inner = self.allmask & ~outer
        for it in items:
            inner &= it.mask
        if inner == 0:
            # No bit is fixed in all of them: take those sharing the most
            # widely fixed bit first, then the rest.  They cannot overlap,
            # so the order does not matter.
            best, best_n = 0, 0
            for i in range(self.width - 1, -1, -1):
                b = 1 << i
                if outer & b:
                    continue
                n = sum(1 for it in items if it.mask & b)
                if n > best_n:
                    best, best_n = b, n
            if best_n == 0 or best_n == len(items):
                # Only reachable inside '{}' (already diagnosed otherwise):
                # test them one by one in order.
                for it in items:
                    self.emit_item(e, it, outer, ovl)
                return
            first = [it for it in items if it.mask & best]
            rest = [it for it in items if not it.mask & best]
            self.emit_tree(e, first, outer, ovl)
            self.emit_tree(e, rest, outer, ovl)
            return

        cases = {}
        for it in items:
            cases.setdefault(it.bits & inner, []).append(it)
        runs = runs_of(inner)
        keyparts = []
        shift = sum(length for _, length in runs)
        for pos, length in runs:
            shift -= length
            x = '(insn >> %d)' % pos if pos else 'insn'
            x = '(%s & 0x%x)' % (x, (1 << length) - 1)
            if shift:
                x = '(%s << %d)' % (x, shift)
            keyparts.append(x)
        key = keyparts[0] if len(keyparts) == 1 else ' | '.join(keyparts)
        if key.startswith('(') and key.endswith(')') and len(keyparts) == 1:
            key = key[1:-1]
        e('switch (%s) {' % key)

        def key_of(v):
            k = 0
            for pos, length in runs:
                k = (k << length) | ((v >> pos) & ((1 << length) - 1))
            return k

        for v in sorted(cases, key=key_of):
            e('case 0x%x: /* %s */' % (key_of(v), self.bitpic(inner, v)))
            e.indent()
            self.emit_tree(e, cases[v], outer | inner, ovl)
            if not e.last_return:
                e('break;')
            e.dedent()
        e('}')

    def test_open(self, e, mask, bits):
        if mask:
            e('if ((insn & %s) == %s) {' % (self.hexw(mask), self.hexw(bits)))
            e.indent()
            return True
        return False

    def test_close(self, e, opened):
        if opened:
            e.dedent()
            e('}')

    def emit_item(self, e, it, outer, ovl):
        if isinstance(it, Pattern):
            opened = self.test_open(e, it.fixedmask & ~outer,
                                    it.fixedbits & ~outer)
            e('/* %s %s */' % (self.p_loc(it), it.name))
            e('{')
            e.indent()
            e('arg_%s a;' % it.argset.name)
            if it.extract is not None:
                e('%s(ctx, &a, insn);' % it.extract.name)
            if ovl:
                e('if (trans_%s(ctx, &a)) {' % it.name)
                e('    return true;')
                e('}')
            else:
                e('return trans_%s(ctx, &a);' % it.name)
            e.dedent()
            last = e.last_return
            e('}')
            e.last_return = last and not opened
            self.test_close(e, opened)
            return
        # An overlapping group: the common bits once, then each member.
        mask = it.mask & ~outer
        opened = self.test_open(e, mask, it.bits & mask)
        inner_outer = outer | mask
        for m in it.members:
            if isinstance(m, Group) and m.kind == '[':
                self.emit_tree(e, flatten(m.members), inner_outer, True)
            else:
                self.emit_item(e, m, inner_outer, True)
        self.test_close(e, opened)
        e.last_return = False

    def p_loc(self, pat):
        return '%s:%d' % (os.path.basename(pat.loc.fname), pat.loc.line)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Generate a C decoder from a *.decode pattern file.')
    ap.add_argument('--decls', action='append', default=[],
                    help='read fields, argument sets and formats from FILE '
                    '(its patterns are not decoded)')
    ap.add_argument('--width', type=int, default=32, choices=(16, 32),
                    help='instruction width in bits')
    ap.add_argument('--decoder', default='decode',
                    help='name of the generated decoder function')
    ap.add_argument('--insn-type', default=None,
                    help='C type of the instruction word (default uint<W>_t)')
    ap.add_argument('-o', '--output', default=None,
                    help='output file (default: stdout)')
    ap.add_argument('input')
    args = ap.parse_args(argv)
    if not IDENT_RE.match(args.decoder):
        ap.error('--decoder must be a C identifier')
    if args.insn_type is None:
        args.insn_type = 'uint%d_t' % args.width

    parser = Parser(args.width)
    for d in args.decls:
        parser.read_file(d, True)
    parser.read_file(args.input, False)
    # Patterns that failed are not in the tree, so this adds no cascades.
    check_overlaps(parser, parser.root.members)
    if parser.errors:
        for msg in parser.errors[:MAX_ERRORS]:
            print(msg, file=sys.stderr)
        if len(parser.errors) > MAX_ERRORS:
            print('%s: ... and %d more errors' % (args.input,
                  len(parser.errors) - MAX_ERRORS), file=sys.stderr)
        return 1

    text = Generator(parser, args).generate(args.input)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    tmp = args.output + '.tmp'
    try:
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(tmp, args.output)
    except OSError as e:
        print('%s: cannot write: %s' % (args.output, e.strerror),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
