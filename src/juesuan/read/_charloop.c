/* The reader's per-character loop (pdf_chars.python_char_loop, with Clips.box_of) and the
 * placing of characters on an upright page (pdf_chars.python_upright_chars) compiled: the same
 * PDFium calls in the same order, into the same scratch memory, the same arithmetic in double,
 * and the same Python objects out. The loop is most of a PDF read where every character is a
 * text object of its own, and in Python it spends more time passing arguments through ctypes
 * than PDFium spends answering.
 *
 * PDFium's functions come as addresses (taken from pdf_calls' ctypes functions), so this
 * module needs no PDFium headers: their nine signatures are declared below from fpdf_text.h
 * and fpdf_transformpage.h. A code point's text (code_text), a text matrix's size and
 * direction (size_and_angle), a clip's box (clip_box) and a Char are still made by the same
 * Python functions, kept in the same dicts, asked where the Python loops ask them.
 *
 * The GIL is held throughout: PDFium is not thread-safe.
 */

#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#if defined(_WIN32)
#define PDFIUM_CALL __stdcall
#else
#define PDFIUM_CALL
#endif

/* fpdf_text.h; FPDF_TEXTPAGE and FPDF_PAGEOBJECT are pointers, FS_MATRIX six floats (a b c d
 * e f), FS_RECTF four (left top right bottom): passed here as float pointers */
typedef int(PDFIUM_CALL *MapErrorFn)(void *textpage, int index);
typedef void *(PDFIUM_CALL *TextObjectFn)(void *textpage, int index);
typedef int(PDFIUM_CALL *MatrixFn)(void *textpage, int index, float *matrix);
typedef double(PDFIUM_CALL *FontSizeFn)(void *textpage, int index);
typedef int(PDFIUM_CALL *LooseBoxFn)(void *textpage, int index, float *rect);
typedef int(PDFIUM_CALL *OriginFn)(void *textpage, int index, double *x, double *y);
/* fpdf_transformpage.h: a page object's clip, its paths and their segments (pointers) */
typedef void *(PDFIUM_CALL *ObjectClipFn)(void *object);
typedef int(PDFIUM_CALL *ClipPathsFn)(void *clip);
typedef void *(PDFIUM_CALL *ClipSegmentFn)(void *clip, int path, int segment);

typedef struct {
    MapErrorFn map_error;
    TextObjectFn text_object;
    MatrixFn matrix;
    FontSizeFn font_size;
    LooseBoxFn loose_box;
    OriginFn origin;
    ObjectClipFn object_clip;
    ClipPathsFn clip_paths;
    ClipSegmentFn clip_segment;
} Calls;

/* What one page's loop works with (references borrowed from the call's arguments). */
typedef struct {
    Calls calls;
    void *textpage;
    PyObject *whitespace, *text_of, *code_text, *by_matrix, *size_and_angle, *shared;
    PyObject *top_level, *of_object, *by_path, *clip_box, *replacement, *chars;
    int by_object;
    double in_left, in_bottom, in_right, in_top;
    float *floats;   /* the page's Scratch.floats: a box (4) or a matrix (6) */
    double *doubles; /* Scratch.doubles: the origin */
    Py_ssize_t bad;
    /* the last character's text matrix and font size, and by_matrix's answer for them: equal
     * numbers find the same entry there (float keys compare by ==, as here), so a run of
     * characters drawn alike skips making and hashing a key each */
    double last_key[5];
    PyObject *last_known;
} Loop;

/* A tuple of the given items, each a new reference or NULL (then an exception is set): all
 * stolen, also on failure (as Py_BuildValue's "N", without parsing a format per call). */
static PyObject *
tuple_of(PyObject **items, Py_ssize_t count)
{
    PyObject *tuple = NULL;
    Py_ssize_t k;
    for (k = 0; k < count && items[k] != NULL; k++) {
    }
    if (k == count) {
        tuple = PyTuple_New(count);
    }
    for (k = 0; k < count; k++) {
        if (tuple != NULL && items[k] != NULL) {
            PyTuple_SetItem(tuple, k, items[k]); /* steals, cannot fail on a new tuple */
        }
        else {
            Py_XDECREF(items[k]);
        }
    }
    return tuple;
}

/* The text of a code point, as TEXT_OF holds it or code_text makes it (then kept): a new
 * reference, or NULL with an exception set. */
static PyObject *
text_of_code(Loop *loop, PyObject *code)
{
    PyObject *text = PyDict_GetItemWithError(loop->text_of, code);
    if (text != NULL) {
        Py_INCREF(text);
        return text;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    text = PyObject_CallFunctionObjArgs(loop->code_text, code, NULL);
    if (text != NULL && PyDict_SetItem(loop->text_of, code, text) < 0) {
        Py_CLEAR(text);
    }
    return text;
}

/* size_and_angle of the character's text matrix (a b c d) and font size, asked once per
 * pair: a new reference, or NULL with an exception set. */
static PyObject *
size_and_angle_of(Loop *loop, int index)
{
    float *m = loop->floats;
    loop->calls.matrix(loop->textpage, index, m); /* as in Python, the result is not read */
    double a = m[0], b = m[1], c = m[2], d = m[3];
    double font_size = loop->calls.font_size(loop->textpage, index);
    double *last = loop->last_key;
    if (loop->last_known != NULL && a == last[0] && b == last[1] && c == last[2] &&
        d == last[3] && font_size == last[4]) {
        Py_INCREF(loop->last_known);
        return loop->last_known;
    }
    PyObject *matrix[4] = {PyFloat_FromDouble(a), PyFloat_FromDouble(b), PyFloat_FromDouble(c),
                           PyFloat_FromDouble(d)};
    PyObject *pair[2] = {tuple_of(matrix, 4), PyFloat_FromDouble(font_size)};
    PyObject *key = tuple_of(pair, 2);
    if (key == NULL) {
        return NULL;
    }
    PyObject *known = PyDict_GetItemWithError(loop->by_matrix, key);
    if (known != NULL) {
        Py_INCREF(known);
    }
    else if (!PyErr_Occurred()) {
        known = PyObject_CallObject(loop->size_and_angle, key); /* size_and_angle(*key) */
        if (known != NULL && PyDict_SetItem(loop->by_matrix, key, known) < 0) {
            Py_CLEAR(known);
        }
    }
    Py_DECREF(key);
    if (known != NULL) {
        last[0] = a, last[1] = b, last[2] = c, last[3] = d, last[4] = font_size;
        Py_INCREF(known);
        Py_XDECREF(loop->last_known);
        loop->last_known = known;
    }
    return known;
}

/* The known (size, angle, slanted) of the character: its text object's where that object was
 * met before (obj_key not NULL), else its matrix's; a new reference or NULL. */
static PyObject *
known_of(Loop *loop, int index, PyObject *obj_key)
{
    if (obj_key != NULL) {
        PyObject *known = PyDict_GetItemWithError(loop->shared, obj_key);
        if (known != NULL) {
            Py_INCREF(known);
            return known;
        }
        if (PyErr_Occurred()) {
            return NULL;
        }
    }
    PyObject *known = size_and_angle_of(loop, index);
    if (known != NULL && obj_key != NULL && PyDict_SetItem(loop->shared, obj_key, known) < 0) {
        Py_CLEAR(known);
    }
    return known;
}

/* The name of a clip: the address of its first path's first point where it has one path,
 * else the tuple of its paths' (as pdf_chars.Clips.box_of names it). A new reference. */
static PyObject *
clip_name(Loop *loop, void *clip)
{
    int paths = loop->calls.clip_paths(clip);
    if (paths == 1) {
        return PyLong_FromVoidPtr(loop->calls.clip_segment(clip, 0, 0));
    }
    PyObject *name = PyTuple_New(paths > 0 ? paths : 0);
    for (int k = 0; name != NULL && k < paths; k++) {
        PyObject *first = PyLong_FromVoidPtr(loop->calls.clip_segment(clip, k, 0));
        if (first == NULL || PyTuple_SetItem(name, k, first) < 0) {
            Py_CLEAR(name);
        }
    }
    return name;
}

/* The clip box of a text object, as pdf_chars.Clips.box_of finds it: None where nothing clips
 * it or it is not one of the page's own objects; a clip read once per page (clip_box), known
 * by its name. A new reference, or NULL with an exception set. */
static PyObject *
clip_of(Loop *loop, void *obj)
{
    PyObject *key = PyLong_FromVoidPtr(obj), *box = NULL;
    if (key == NULL) {
        return NULL;
    }
    box = PyDict_GetItemWithError(loop->of_object, key);
    if (box != NULL || PyErr_Occurred()) {
        Py_XINCREF(box);
        Py_DECREF(key);
        return box;
    }
    int own = PySet_Contains(loop->top_level, key);
    void *clip = own > 0 ? loop->calls.object_clip(obj) : NULL;
    if (own >= 0 && clip == NULL) {
        box = Py_None;
        Py_INCREF(box);
    }
    else if (clip != NULL) {
        PyObject *name = clip_name(loop, clip);
        if (name != NULL) {
            box = PyDict_GetItemWithError(loop->by_path, name);
            Py_XINCREF(box);
            if (box == NULL && !PyErr_Occurred()) {
                unsigned long long address = (uintptr_t)clip;
                box = PyObject_CallFunction(loop->clip_box, "K", address);
                if (box != NULL && PyDict_SetItem(loop->by_path, name, box) < 0) {
                    Py_CLEAR(box);
                }
            }
            Py_DECREF(name);
        }
    }
    if (box != NULL && PyDict_SetItem(loop->of_object, key, box) < 0) {
        Py_CLEAR(box);
    }
    Py_DECREF(key);
    return box;
}

/* 1 where the clip of the character's text object hides its middle (with 1 pt to spare),
 * 0 where not (or nothing clips it), -1 on an error. */
static int
is_clipped(Loop *loop, void *obj, double left, double bottom, double right, double top)
{
    if (obj == NULL) {
        return 0;
    }
    PyObject *clip = clip_of(loop, obj);
    if (clip == NULL) {
        return -1;
    }
    if (clip == Py_None) {
        Py_DECREF(clip);
        return 0;
    }
    double edge[4];
    for (Py_ssize_t k = 0; k < 4; k++) {
        PyObject *item = PySequence_GetItem(clip, k);
        if (item == NULL) {
            Py_DECREF(clip);
            return -1;
        }
        edge[k] = PyFloat_AsDouble(item);
        Py_DECREF(item);
        if (edge[k] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(clip);
            return -1;
        }
    }
    Py_DECREF(clip);
    double mid_x = (left + right) / 2, mid_y = (bottom + top) / 2;
    return !(edge[0] - 1 <= mid_x && mid_x <= edge[2] + 1 && edge[1] - 1 <= mid_y &&
             mid_y <= edge[3] + 1);
}

/* Item k of the known triple: a new reference or NULL. */
static PyObject *
known_item(PyObject *known, Py_ssize_t k)
{
    return PySequence_GetItem(known, k);
}

/* The placed character: (text, left, bottom, right, top, origin x, origin y, size, angle);
 * steals text. A new reference or NULL. */
static PyObject *
placed_char(PyObject *text, PyObject *known, double left, double bottom, double right,
            double top, double origin_x, double origin_y)
{
    PyObject *size = known_item(known, 0), *angle = NULL, *placed = NULL;
    int has_size = size == NULL ? -1 : PyObject_IsTrue(size);
    if (has_size == 0) { /* size or (top - bottom) */
        Py_DECREF(size);
        size = PyFloat_FromDouble(top - bottom);
    }
    if (has_size >= 0 && size != NULL && (angle = known_item(known, 1)) != NULL) {
        PyObject *items[9] = {text,
                              PyFloat_FromDouble(left),
                              PyFloat_FromDouble(bottom),
                              PyFloat_FromDouble(right),
                              PyFloat_FromDouble(top),
                              PyFloat_FromDouble(origin_x),
                              PyFloat_FromDouble(origin_y),
                              size,
                              angle};
        placed = tuple_of(items, 9);
        return placed; /* the references went into the tuple, or were dropped on failure */
    }
    Py_DECREF(text);
    Py_XDECREF(size);
    return NULL;
}

/* One character: appended to loop->chars, or skipped; 0, or -1 on an error. */
static int
place_one(Loop *loop, int index, PyObject *code)
{
    int blank = PySet_Contains(loop->whitespace, code);
    if (blank != 0) {
        return blank < 0 ? -1 : 0; /* spaces and line ends carry no text: positions do */
    }
    PyObject *text = text_of_code(loop, code);
    if (text == NULL) {
        return -1;
    }
    int has_text = PyObject_IsTrue(text);
    if (has_text < 0) {
        Py_DECREF(text);
        return -1;
    }
    if (!has_text || loop->calls.map_error(loop->textpage, index)) {
        loop->bad += 1;
        Py_DECREF(text);
        Py_INCREF(loop->replacement);
        text = loop->replacement;
    }
    void *obj = loop->by_object ? loop->calls.text_object(loop->textpage, index) : NULL;
    PyObject *obj_key = obj != NULL ? PyLong_FromVoidPtr(obj) : NULL;
    if (obj != NULL && obj_key == NULL) {
        Py_DECREF(text);
        return -1;
    }
    PyObject *known = known_of(loop, index, obj_key);
    Py_XDECREF(obj_key);
    if (known == NULL) {
        Py_DECREF(text);
        return -1;
    }
    PyObject *slant = known_item(known, 2);
    int slanted = slant == NULL ? -1 : PyObject_IsTrue(slant);
    Py_XDECREF(slant);
    if (slanted != 0) { /* slanted text is a watermark or a stamp, not part of the layout */
        Py_DECREF(text);
        Py_DECREF(known);
        return slanted < 0 ? -1 : 0;
    }
    float *box = loop->floats;
    loop->calls.loose_box(loop->textpage, index, box);
    double left = box[0], top = box[1], right = box[2], bottom = box[3];
    if (!(loop->in_left <= left && right <= loop->in_right && loop->in_bottom <= bottom &&
          top <= loop->in_top)) {
        if (!loop->by_object) {
            obj = loop->calls.text_object(loop->textpage, index);
        }
        int clipped = is_clipped(loop, obj, left, bottom, right, top);
        if (clipped != 0) {
            Py_DECREF(text);
            Py_DECREF(known);
            return clipped < 0 ? -1 : 0;
        }
    }
    double *origin = loop->doubles;
    loop->calls.origin(loop->textpage, index, &origin[0], &origin[1]);
    PyObject *placed =
        placed_char(text, known, left, bottom, right, top, origin[0], origin[1]);
    Py_DECREF(known);
    if (placed == NULL) {
        return -1;
    }
    int appended = PyList_Append(loop->chars, placed);
    Py_DECREF(placed);
    return appended;
}

static int
read_calls(PyObject *addresses, Calls *calls)
{
    unsigned long long a[9];
    if (!PyArg_ParseTuple(addresses, "KKKKKKKKK;nine PDFium function addresses", &a[0], &a[1],
                          &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8])) {
        return -1;
    }
    for (int k = 0; k < 9; k++) {
        if (a[k] == 0) {
            PyErr_SetString(PyExc_ValueError, "a PDFium function address is 0");
            return -1;
        }
    }
    calls->map_error = (MapErrorFn)(uintptr_t)a[0];
    calls->text_object = (TextObjectFn)(uintptr_t)a[1];
    calls->matrix = (MatrixFn)(uintptr_t)a[2];
    calls->font_size = (FontSizeFn)(uintptr_t)a[3];
    calls->loose_box = (LooseBoxFn)(uintptr_t)a[4];
    calls->origin = (OriginFn)(uintptr_t)a[5];
    calls->object_clip = (ObjectClipFn)(uintptr_t)a[6];
    calls->clip_paths = (ClipPathsFn)(uintptr_t)a[7];
    calls->clip_segment = (ClipSegmentFn)(uintptr_t)a[8];
    return 0;
}

PyDoc_STRVAR(place_chars_doc,
             "place_chars(calls, textpage, codes, whitespace, text_of, code_text, inner,\n"
             "            by_matrix, size_and_angle, shared, by_object, top_level,\n"
             "            of_object, by_path, clip_box, floats, doubles)\n"
             "            -> (list of PlacedChar, bad count)\n\n"
             "pdf_chars.python_char_loop compiled; calls are the addresses of\n"
             "FPDFText_HasUnicodeMapError, _GetTextObject, _GetMatrix, _GetFontSize,\n"
             "_GetLooseCharBox, _GetCharOrigin, FPDFPageObj_GetClipPath,\n"
             "FPDFClipPath_CountPaths and _GetPathSegment; top_level, of_object, by_path\n"
             "and clip_box (called with a clip's address) as pdf_chars.Clips has them;\n"
             "floats and doubles the addresses of the page's Scratch arrays (float[6],\n"
             "double[2]).");

static PyObject *
place_chars(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *addresses, *codes, *inner;
    unsigned long long textpage, floats, doubles;
    Loop loop = {0};
    if (!PyArg_ParseTuple(args, "OKO!OO!OOO!OO!pOO!O!OKK:place_chars", &addresses, &textpage,
                          &PyList_Type, &codes, &loop.whitespace, &PyDict_Type, &loop.text_of,
                          &loop.code_text, &inner, &PyDict_Type, &loop.by_matrix,
                          &loop.size_and_angle, &PyDict_Type, &loop.shared, &loop.by_object,
                          &loop.top_level, &PyDict_Type, &loop.of_object, &PyDict_Type,
                          &loop.by_path, &loop.clip_box, &floats, &doubles)) {
        return NULL;
    }
    if (read_calls(addresses, &loop.calls) < 0) {
        return NULL;
    }
    double box[4];
    if (!PyArg_ParseTuple(inner, "dddd;inner: left, bottom, right, top", &box[0], &box[1],
                          &box[2], &box[3])) {
        return NULL;
    }
    if (floats == 0 || doubles == 0) {
        PyErr_SetString(PyExc_ValueError, "the scratch addresses are 0");
        return NULL;
    }
    loop.in_left = box[0] - 1;
    loop.in_bottom = box[1] - 1;
    loop.in_right = box[2] + 1;
    loop.in_top = box[3] + 1;
    loop.textpage = (void *)(uintptr_t)textpage;
    loop.floats = (float *)(uintptr_t)floats;
    loop.doubles = (double *)(uintptr_t)doubles;
    loop.replacement = PyUnicode_FromString("\xef\xbf\xbd"); /* U+FFFD */
    loop.chars = PyList_New(0);
    if (loop.replacement == NULL || loop.chars == NULL) {
        goto error;
    }
    Py_INCREF(codes); /* held while Python code runs in between */
    for (Py_ssize_t index = 0; index < PyList_Size(codes); index++) {
        PyObject *code = PyList_GetItem(codes, index);
        if (code == NULL) {
            Py_DECREF(codes);
            goto error;
        }
        Py_INCREF(code);
        int placed = place_one(&loop, (int)index, code);
        Py_DECREF(code);
        if (placed < 0) {
            Py_DECREF(codes);
            goto error;
        }
    }
    Py_DECREF(codes);
    Py_DECREF(loop.replacement);
    Py_XDECREF(loop.last_known);
    return Py_BuildValue("(Nn)", loop.chars, loop.bad);
error:
    Py_XDECREF(loop.last_known);
    Py_XDECREF(loop.replacement);
    Py_XDECREF(loop.chars);
    return NULL;
}

/* A float of the placed character: item k of the tuple, or -1.0 with an exception set. */
static double
placed_float(PyObject *placed, Py_ssize_t k)
{
    return PyFloat_AsDouble(PyTuple_GetItem(placed, k));
}

/* The Char of a placed character on the upright page, if shown on it (1; 0: off the page;
 * -1: an error). The arithmetic is pdf_chars.python_upright_chars', in the same order, in
 * double (0.5 * size is exact: no fused multiply-add could round differently). */
static int
upright_char(PyObject *placed, const double view[4], PyObject *char_type, PyObject *out)
{
    double page_left = view[0], page_bottom = view[1], width = view[2], height = view[3];
    if (!PyTuple_Check(placed) || PyTuple_Size(placed) != 9) {
        PyErr_SetString(PyExc_TypeError, "a placed character is a tuple of 9");
        return -1;
    }
    double left = placed_float(placed, 1), bottom = placed_float(placed, 2);
    double right = placed_float(placed, 3), top = placed_float(placed, 4);
    double origin_y = placed_float(placed, 6), size = placed_float(placed, 7);
    if (PyErr_Occurred()) {
        return -1;
    }
    double ax = left - page_left, bx = right - page_left;
    double ay = height - (bottom - page_bottom), by = height - (top - page_bottom);
    double base = height - (origin_y - page_bottom);
    double x0 = ax <= bx ? ax : bx, x1 = ax <= bx ? bx : ax;
    double mid = (x0 + x1) / 2, half_below = base - 0.5 * size;
    if (!(-2 <= mid && mid <= width + 2 && -2 <= half_below && half_below <= height + 2)) {
        return 0;
    }
    /* Char(text, x0, x1, base, size, min(ay, by), max(ay, by)): the size object passed on */
    PyObject *text = PyTuple_GetItem(placed, 0), *size_object = PyTuple_GetItem(placed, 7);
    Py_INCREF(text);
    Py_INCREF(size_object);
    PyObject *items[7] = {text,
                          PyFloat_FromDouble(x0),
                          PyFloat_FromDouble(x1),
                          PyFloat_FromDouble(base),
                          size_object,
                          PyFloat_FromDouble(by < ay ? by : ay),
                          PyFloat_FromDouble(by > ay ? by : ay)};
    PyObject *char_args = tuple_of(items, 7);
    if (char_args == NULL) {
        return -1;
    }
    PyObject *char_ = PyObject_Call(char_type, char_args, NULL);
    Py_DECREF(char_args);
    if (char_ == NULL) {
        return -1;
    }
    int appended = PyList_Append(out, char_);
    Py_DECREF(char_);
    return appended < 0 ? -1 : 1;
}

PyDoc_STRVAR(upright_chars_doc,
             "upright_chars(placed, page_left, page_bottom, width, height, Char) -> list\n\n"
             "pdf_chars.python_upright_chars compiled: the Chars of the placed characters\n"
             "shown on a page viewed without a turn.");

static PyObject *
upright_chars(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *placed, *char_type;
    double view[4];
    if (!PyArg_ParseTuple(args, "O!ddddO:upright_chars", &PyList_Type, &placed, &view[0],
                          &view[1], &view[2], &view[3], &char_type)) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_INCREF(placed); /* held while Char's __init__ runs */
    for (Py_ssize_t index = 0; index < PyList_Size(placed); index++) {
        PyObject *item = PyList_GetItem(placed, index);
        int shown = item == NULL ? -1 : 0;
        if (item != NULL) {
            Py_INCREF(item);
            shown = upright_char(item, view, char_type, out);
            Py_DECREF(item);
        }
        if (shown < 0) {
            Py_DECREF(placed);
            Py_DECREF(out);
            return NULL;
        }
    }
    Py_DECREF(placed);
    return out;
}

static PyMethodDef methods[] = {
    {"place_chars", place_chars, METH_VARARGS, place_chars_doc},
    {"upright_chars", upright_chars, METH_VARARGS, upright_chars_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "juesuan.read._charloop",
    .m_doc = "The PDF reader's per-character loop, compiled (see pdf_chars).",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__charloop(void)
{
    return PyModuleDef_Init(&module);
}
