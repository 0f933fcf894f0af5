/* The page layout's per-character loops (pdf_layout.python_chars_into_cells,
 * python_chars_to_lines, python_cell_lines, python_pieces_and_text) compiled: the same
 * comparisons and arithmetic in double, the same sort order, the same Python objects out.
 * Each function answers NotImplemented, before changing anything, where it cannot promise the
 * Python result: a value that is not a plain float or str, or a sort key that is NaN (Python's
 * sort then orders by its own steps); the caller then runs the Python loop.
 *
 * Floating-point contraction (a * b + c as one fused instruction) would round differently from
 * Python: it is switched off.
 */

#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* pdf_layout's constants, which the corpus tests hold equal */
#define SPACE_GAP 0.25
#define CJK_SPACE_GAP 1.0
#define CJK_FIRST 0x2E80
#define PIECE_GAP 1.0 /* pdf_stream.GAP */

static PyObject *name_text, *name_x0, *name_x1, *name_base, *name_size, *empty, *space;

/* A float attribute's value; 0 where it is not a plain float (nothing raised), -1 on error. */
static int
float_attr(PyObject *obj, PyObject *name, double *value)
{
    PyObject *attr = PyObject_GetAttr(obj, name);
    if (attr == NULL) {
        return -1;
    }
    int plain = PyFloat_CheckExact(attr);
    if (plain) {
        *value = PyFloat_AsDouble(attr);
    }
    Py_DECREF(attr);
    return plain;
}

/* What a loop reads of one character: the character and its text are new references (the
 * text NULL where not read). */
typedef struct {
    PyObject *obj;
    PyObject *text;
    double x0, x1, base, size;
    Py_ssize_t order; /* the position to keep among equal sort keys */
} Item;

static PyObject *items_text(Item *items, Py_ssize_t count, int in_cell);

static void
free_items(Item *items, Py_ssize_t count)
{
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_XDECREF(items[k].obj);
        Py_XDECREF(items[k].text);
    }
    PyMem_Free(items);
}

enum { WANT_TEXT = 1, WANT_X0 = 2, WANT_X1 = 4, WANT_BASE = 8, WANT_SIZE = 16 };

/* The wanted fields of every character of a list: 1, or 0 where one is not plain (a float,
 * a str), or -1 on error. *out is set on 1 only. */
static int
read_items(PyObject *chars, int want, Item **out, Py_ssize_t *count)
{
    if (!PyList_Check(chars)) {
        return 0;
    }
    Py_ssize_t n = PyList_Size(chars);
    Item *items = PyMem_Calloc(n > 0 ? (size_t)n : 1, sizeof(Item));
    if (items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Item *item = &items[k];
        if (k >= PyList_Size(chars)) { /* an attribute's code shortened the list */
            free_items(items, k);
            return 0;
        }
        item->obj = Py_NewRef(PyList_GetItem(chars, k));
        item->order = k;
        int ok = 1;
        if (want & WANT_TEXT) {
            item->text = PyObject_GetAttr(item->obj, name_text);
            ok = item->text == NULL ? -1 : PyUnicode_CheckExact(item->text);
        }
        if (ok == 1 && (want & WANT_X0)) {
            ok = float_attr(item->obj, name_x0, &item->x0);
        }
        if (ok == 1 && (want & WANT_X1)) {
            ok = float_attr(item->obj, name_x1, &item->x1);
        }
        if (ok == 1 && (want & WANT_BASE)) {
            ok = float_attr(item->obj, name_base, &item->base);
        }
        if (ok == 1 && (want & WANT_SIZE)) {
            ok = float_attr(item->obj, name_size, &item->size);
        }
        if (ok != 1) {
            free_items(items, k + 1);
            return ok;
        }
    }
    *out = items;
    *count = n;
    return 1;
}

/* Python's bisect_right, step for step (so that it answers alike whatever the values). */
static Py_ssize_t
bisect_right(const double *values, Py_ssize_t count, double x)
{
    Py_ssize_t lo = 0, hi = count;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (x < values[mid]) {
            hi = mid;
        }
        else {
            lo = mid + 1;
        }
    }
    return lo;
}

/* A list of plain floats as doubles: 1, 0 where one is not a plain float, -1 on error. */
static int
read_floats(PyObject *list, double **out, Py_ssize_t *count)
{
    if (!PyList_Check(list)) {
        return 0;
    }
    Py_ssize_t n = PyList_Size(list);
    double *values = PyMem_Calloc(n > 0 ? (size_t)n : 1, sizeof(double));
    if (values == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *value = PyList_GetItem(list, k);
        if (!PyFloat_CheckExact(value)) {
            PyMem_Free(values);
            return 0;
        }
        values[k] = PyFloat_AsDouble(value);
    }
    *out = values;
    *count = n;
    return 1;
}

/* One table's frame, as pdf_layout.table_frames makes it. */
typedef struct {
    double left, right, top, bottom;
    double *xs, *ys; /* the inner column and row lines */
    Py_ssize_t nx, ny;
    PyObject *cells; /* [row][col] → the characters' list of the cell's region (borrowed) */
} Frame;

static void
free_frames(Frame *frames, Py_ssize_t count)
{
    for (Py_ssize_t k = 0; k < count; k++) {
        PyMem_Free(frames[k].xs);
        PyMem_Free(frames[k].ys);
    }
    PyMem_Free(frames);
}

/* A frame from (left, right, top, bottom, xs, ys, cells): 1, 0 where not plain, -1 on error. */
static int
read_frame(PyObject *tuple, Frame *frame)
{
    if (!PyTuple_Check(tuple) || PyTuple_Size(tuple) != 7) {
        return 0;
    }
    double *bounds[4] = {&frame->left, &frame->right, &frame->top, &frame->bottom};
    for (int k = 0; k < 4; k++) {
        PyObject *value = PyTuple_GetItem(tuple, k);
        if (!PyFloat_CheckExact(value)) {
            return 0;
        }
        *bounds[k] = PyFloat_AsDouble(value);
    }
    int ok = read_floats(PyTuple_GetItem(tuple, 4), &frame->xs, &frame->nx);
    if (ok == 1) {
        ok = read_floats(PyTuple_GetItem(tuple, 5), &frame->ys, &frame->ny);
    }
    frame->cells = PyTuple_GetItem(tuple, 6);
    if (ok == 1 && !PyList_Check(frame->cells)) {
        ok = 0;
    }
    /* every row a list of lists, as many as there are cells: then no index can miss */
    for (Py_ssize_t r = 0; ok == 1 && r < PyList_Size(frame->cells); r++) {
        PyObject *row = PyList_GetItem(frame->cells, r);
        if (!PyList_Check(row) || PyList_Size(row) != frame->nx + 1) {
            ok = 0;
            break;
        }
        for (Py_ssize_t c = 0; c <= frame->nx; c++) {
            if (!PyList_Check(PyList_GetItem(row, c))) {
                ok = 0;
                break;
            }
        }
    }
    if (ok == 1 && PyList_Size(frame->cells) != frame->ny + 1) {
        ok = 0;
    }
    return ok;
}

PyDoc_STRVAR(chars_into_cells_doc,
             "chars_into_cells(chars, frames, /)\n--\n\n"
             "pdf_layout.python_chars_into_cells: the characters left outside every table, "
             "the others appended to their cell's list; NotImplemented (and nothing "
             "appended) where a value is not a plain float.");

static PyObject *
chars_into_cells(PyObject *self, PyObject *args)
{
    PyObject *chars, *frame_list, *loose = NULL;
    Item *items = NULL;
    Frame *frames = NULL;
    Py_ssize_t count = 0, nframes = 0;
    if (!PyArg_ParseTuple(args, "OO", &chars, &frame_list)) {
        return NULL;
    }
    if (!PyList_Check(frame_list)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    /* the characters first: reading the frames runs no Python code, which could change them */
    int ok = read_items(chars, WANT_X0 | WANT_X1 | WANT_BASE | WANT_SIZE, &items, &count);
    if (ok != 1) {
        if (ok == 0) {
            Py_RETURN_NOTIMPLEMENTED;
        }
        return NULL;
    }
    nframes = PyList_Size(frame_list);
    frames = PyMem_Calloc(nframes > 0 ? (size_t)nframes : 1, sizeof(Frame));
    if (frames == NULL) {
        free_items(items, count);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t f = 0; ok == 1 && f < nframes; f++) {
        ok = read_frame(PyList_GetItem(frame_list, f), &frames[f]);
    }
    if (ok != 1) {
        free_items(items, count);
        free_frames(frames, nframes);
        if (ok == 0) {
            Py_RETURN_NOTIMPLEMENTED;
        }
        return NULL;
    }
    loose = PyList_New(0);
    for (Py_ssize_t k = 0; loose != NULL && k < count; k++) {
        Item *item = &items[k];
        double x = (item->x0 + item->x1) / 2, y = item->base - 0.35 * item->size;
        PyObject *into = loose;
        for (Py_ssize_t f = 0; f < nframes; f++) {
            Frame *frame = &frames[f];
            if (frame->left <= x && x <= frame->right && frame->top <= y && y <= frame->bottom) {
                PyObject *row = PyList_GetItem(frame->cells, bisect_right(frame->ys, frame->ny, y));
                into = PyList_GetItem(row, bisect_right(frame->xs, frame->nx, x));
                break;
            }
        }
        if (PyList_Append(into, item->obj) < 0) {
            Py_CLEAR(loose);
        }
    }
    free_items(items, count);
    free_frames(frames, nframes);
    return loose;
}

static int
by_base(const void *a, const void *b)
{
    const Item *p = a, *q = b;
    if (p->base < q->base) {
        return -1;
    }
    if (q->base < p->base) {
        return 1;
    }
    return p->order < q->order ? -1 : p->order > q->order;
}

static int
by_left(const void *a, const void *b)
{
    const Item *p = a, *q = b;
    if (p->x0 < q->x0) {
        return -1;
    }
    if (q->x0 < p->x0) {
        return 1;
    }
    return p->order < q->order ? -1 : p->order > q->order;
}

/* Drops, in place, the characters of a line (sorted left to right) printed twice on the
 * same spot, as pdf_layout.dedupe_overprint: the count kept. */
static Py_ssize_t
dedupe_items(Item *line, Py_ssize_t count)
{
    Py_ssize_t kept = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Item *item = &line[k];
        if (kept > 0) {
            Item *last = &line[kept - 1];
            int same = PyUnicode_Compare(last->text, item->text) == 0;
            if (same && fabs(last->x0 - item->x0) < 0.3 * item->size) {
                continue;
            }
        }
        if (kept != k) { /* swapped, so that every text is released once */
            Item moved = line[kept];
            line[kept] = *item;
            *item = moved;
        }
        kept++;
    }
    return kept;
}

/* A new list of the items' characters; NULL on error. */
static PyObject *
items_list(Item *items, Py_ssize_t count)
{
    PyObject *list = PyList_New(count);
    for (Py_ssize_t k = 0; list != NULL && k < count; k++) {
        PyList_SetItem(list, k, Py_NewRef(items[k].obj));
    }
    return list;
}

/* Sorts the characters into lines, as pdf_layout.python_chars_to_lines: the list of lines,
 * and with texts != NULL also each line's text in a cell (python_line_to_text(line, True))
 * appended there. NULL on error. */
static PyObject *
items_to_lines(Item *items, Py_ssize_t count, PyObject *texts)
{
    /* sorted by baseline, equal ones in list order (Python's sort is stable) */
    qsort(items, (size_t)count, sizeof(Item), by_base);
    PyObject *lines = PyList_New(0);
    Py_ssize_t start = 0;
    while (lines != NULL && start < count) {
        double base = items[start].base, first_size = items[start].size;
        Py_ssize_t end = start + 1;
        while (end < count) {
            double size = items[end].size;
            if (!(items[end].base - base <= 0.3 * (size > first_size ? size : first_size))) {
                break;
            }
            end++;
        }
        /* left to right, equal ones in baseline order: their position in the sorted items */
        for (Py_ssize_t k = start; k < end; k++) {
            items[k].order = k;
        }
        qsort(items + start, (size_t)(end - start), sizeof(Item), by_left);
        Py_ssize_t kept = dedupe_items(items + start, end - start);
        PyObject *line = items_list(items + start, kept);
        if (line == NULL || PyList_Append(lines, line) < 0) {
            Py_CLEAR(lines);
        }
        Py_XDECREF(line);
        if (lines != NULL && texts != NULL) {
            PyObject *text = items_text(items + start, kept, 1);
            if (text == NULL || PyList_Append(texts, text) < 0) {
                Py_CLEAR(lines);
            }
            Py_XDECREF(text);
        }
        start = end;
    }
    return lines;
}

/* Has a list only plain floats to sort by (no NaN, whose order only Python's sort knows)? */
static int
sortable(Item *items, Py_ssize_t count)
{
    for (Py_ssize_t k = 0; k < count; k++) {
        if (items[k].base != items[k].base || items[k].x0 != items[k].x0) {
            return 0;
        }
    }
    return 1;
}

PyDoc_STRVAR(chars_to_lines_doc,
             "chars_to_lines(chars, /)\n--\n\n"
             "pdf_layout.python_chars_to_lines: the characters in lines, top to bottom, each "
             "left to right; NotImplemented where a value is not a plain float or str, or a "
             "baseline or left edge is NaN.");

static PyObject *
chars_to_lines(PyObject *self, PyObject *chars)
{
    Item *items = NULL;
    Py_ssize_t count = 0;
    int ok = read_items(chars, WANT_TEXT | WANT_X0 | WANT_BASE | WANT_SIZE, &items, &count);
    if (ok != 1) {
        if (ok == 0) {
            Py_RETURN_NOTIMPLEMENTED;
        }
        return NULL;
    }
    PyObject *lines = sortable(items, count) ? items_to_lines(items, count, NULL) : Py_NewRef(Py_NotImplemented);
    free_items(items, count);
    return lines;
}

PyDoc_STRVAR(cell_lines_doc,
             "cell_lines(chars, /)\n--\n\n"
             "pdf_layout.python_cell_lines: a cell's lines (python_chars_to_lines) and the text "
             "of each (python_line_to_text in a cell); NotImplemented as chars_to_lines.");

static PyObject *
cell_lines(PyObject *self, PyObject *chars)
{
    Item *items = NULL;
    Py_ssize_t count = 0;
    int want = WANT_TEXT | WANT_X0 | WANT_X1 | WANT_BASE | WANT_SIZE;
    int ok = read_items(chars, want, &items, &count);
    if (ok != 1) {
        if (ok == 0) {
            Py_RETURN_NOTIMPLEMENTED;
        }
        return NULL;
    }
    if (!sortable(items, count)) {
        free_items(items, count);
        Py_RETURN_NOTIMPLEMENTED;
    }
    PyObject *result = NULL, *texts = PyList_New(0);
    PyObject *lines = texts == NULL ? NULL : items_to_lines(items, count, texts);
    if (lines != NULL) {
        result = PyTuple_Pack(2, lines, texts);
    }
    Py_XDECREF(lines);
    Py_XDECREF(texts);
    free_items(items, count);
    return result;
}

/* Does a text count as CJK (pdf_layout's comparison with CJK_FIRST: its first character)? */
static int
is_cjk(PyObject *text)
{
    return PyUnicode_GetLength(text) > 0 && PyUnicode_ReadChar(text, 0) >= CJK_FIRST;
}

/* The text of a line's characters (pdf_layout.python_line_to_text); NULL on error. */
static PyObject *
items_text(Item *items, Py_ssize_t count, int in_cell)
{
    if (count == 0) {
        return Py_NewRef(empty);
    }
    PyObject *parts = PyList_New(0);
    Item *previous = &items[0];
    int previous_cjk = is_cjk(previous->text);
    if (parts != NULL && PyList_Append(parts, previous->text) < 0) {
        Py_CLEAR(parts);
    }
    for (Py_ssize_t k = 1; parts != NULL && k < count; k++) {
        Item *item = &items[k];
        int cjk = is_cjk(item->text);
        int both_cjk = previous_cjk && cjk;
        if (!(in_cell && both_cjk)) { /* inside a cell, two CJK characters never take a space */
            double size = item->size, previous_size = previous->size;
            double limit = both_cjk ? CJK_SPACE_GAP : SPACE_GAP;
            if (item->x0 - previous->x1 > limit * (size > previous_size ? size : previous_size)) {
                if (PyList_Append(parts, space) < 0) {
                    Py_CLEAR(parts);
                    break;
                }
            }
        }
        if (PyList_Append(parts, item->text) < 0) {
            Py_CLEAR(parts);
        }
        previous = item;
        previous_cjk = cjk;
    }
    if (parts == NULL) {
        return NULL;
    }
    PyObject *text = PyUnicode_Join(empty, parts);
    Py_DECREF(parts);
    return text;
}

/* Appends a new reference (stolen, also on failure): 0, or -1 on error. */
static int
append_new(PyObject *list, PyObject *item)
{
    int status = item == NULL ? -1 : PyList_Append(list, item);
    Py_XDECREF(item);
    return status;
}

/* Appends a piece: its parts joined, its edges. 0, or -1 on error. */
static int
append_piece(PyObject *pieces, PyObject *piece_type, PyObject *parts, double x0, double x1)
{
    PyObject *text = PyUnicode_Join(empty, parts);
    if (text == NULL) {
        return -1;
    }
    PyObject *piece = PyObject_CallFunction(piece_type, "Odd", text, x0, x1);
    Py_DECREF(text);
    return append_new(pieces, piece);
}

PyDoc_STRVAR(pieces_and_text_doc,
             "pieces_and_text(line, piece_type, /)\n--\n\n"
             "pdf_layout.python_pieces_and_text: a line's pieces (piece_type(text, x0, x1)) "
             "and its text; NotImplemented where a value is not a plain float or str.");

static PyObject *
pieces_and_text(PyObject *self, PyObject *args)
{
    PyObject *line, *piece_type;
    Item *items = NULL;
    Py_ssize_t count = 0;
    if (!PyArg_ParseTuple(args, "OO", &line, &piece_type)) {
        return NULL;
    }
    int ok = read_items(line, WANT_TEXT | WANT_X0 | WANT_X1 | WANT_SIZE, &items, &count);
    if (ok != 1 || count == 0) { /* an empty line: Python's IndexError */
        if (ok == 1) {
            free_items(items, count);
        }
        if (ok == -1) {
            return NULL;
        }
        Py_RETURN_NOTIMPLEMENTED;
    }
    PyObject *pieces = PyList_New(0), *line_parts = PyList_New(0), *parts = PyList_New(0);
    PyObject *result = NULL;
    Item *previous = &items[0], *first = &items[0];
    int previous_cjk = is_cjk(previous->text);
    int failed = pieces == NULL || line_parts == NULL || parts == NULL ||
                 PyList_Append(line_parts, previous->text) < 0 ||
                 PyList_Append(parts, previous->text) < 0;
    for (Py_ssize_t k = 1; !failed && k < count; k++) {
        Item *item = &items[k];
        int cjk = is_cjk(item->text);
        double size = item->size, previous_size = previous->size;
        double gap = item->x0 - previous->x1;
        double limit = previous_cjk && cjk ? CJK_SPACE_GAP : SPACE_GAP;
        int spaced = gap > limit * (size > previous_size ? size : previous_size);
        if (spaced && PyList_Append(line_parts, space) < 0) {
            failed = 1;
            break;
        }
        if (PyList_Append(line_parts, item->text) < 0) {
            failed = 1;
            break;
        }
        /* max(char.size, previous.size), that order kept, as python_pieces_and_text */
        if (gap > PIECE_GAP * (previous_size > size ? previous_size : size)) {
            failed = append_piece(pieces, piece_type, parts, first->x0, previous->x1) < 0;
            Py_DECREF(parts);
            parts = failed ? NULL : PyList_New(0);
            failed = failed || parts == NULL;
            first = item;
        }
        else if (spaced && PyList_Append(parts, space) < 0) {
            failed = 1;
        }
        failed = failed || PyList_Append(parts, item->text) < 0;
        previous = item;
        previous_cjk = cjk;
    }
    if (!failed && append_piece(pieces, piece_type, parts, first->x0, previous->x1) == 0) {
        PyObject *text = PyUnicode_Join(empty, line_parts);
        if (text != NULL) {
            result = PyTuple_Pack(2, pieces, text);
            Py_DECREF(text);
        }
    }
    Py_XDECREF(pieces);
    Py_XDECREF(line_parts);
    Py_XDECREF(parts);
    free_items(items, count);
    return result;
}

static PyMethodDef methods[] = {
    {"chars_into_cells", chars_into_cells, METH_VARARGS, chars_into_cells_doc},
    {"chars_to_lines", chars_to_lines, METH_O, chars_to_lines_doc},
    {"cell_lines", cell_lines, METH_O, cell_lines_doc},
    {"pieces_and_text", pieces_and_text, METH_VARARGS, pieces_and_text_doc},
    {NULL, NULL, 0, NULL},
};

static int
exec_module(PyObject *module)
{
    PyObject **names[] = {&name_text, &name_x0, &name_x1, &name_base, &name_size, &empty, &space};
    const char *texts[] = {"text", "x0", "x1", "base", "size", "", " "};
    for (int k = 0; k < 7; k++) {
        if (*names[k] == NULL) {
            *names[k] = PyUnicode_InternFromString(texts[k]);
            if (*names[k] == NULL) {
                return -1;
            }
        }
    }
    return 0;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "juesuan.read._layoutloop",
    .m_doc = "The page layout's per-character loops, compiled (see pdf_layout).",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__layoutloop(void)
{
    return PyModuleDef_Init(&module);
}
