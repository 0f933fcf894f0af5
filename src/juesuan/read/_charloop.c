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
 * The scan of a page's objects (with its form XObjects) and the points of its paths are here
 * too (below): in the PDFs that draw every character as a text object of its own, the scan
 * makes two PDFium calls per object.
 *
 * The GIL is held throughout: PDFium is not thread-safe.
 */

#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

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

/* The page's objects and the points of its paths (pdf_chars.python_scan_objects with
 * scan_form, pdf_chars.python_path_to_points): the same PDFium calls, the matrices in the
 * same scratch floats, the same arithmetic in double. Products are rounded before they are
 * summed (rounded()): Python rounds each, where a compiler could fuse a*b + c into one
 * multiply-add on a machine that has it. */

/* fpdf_edit.h: page objects, form XObjects, paths and their segments (all pointers) */
typedef int(PDFIUM_CALL *CountObjectsFn)(void *page);
typedef void *(PDFIUM_CALL *PageObjectFn)(void *page, int index);
typedef int(PDFIUM_CALL *ObjectTypeFn)(void *object);
typedef int(PDFIUM_CALL *FormCountFn)(void *form);
typedef void *(PDFIUM_CALL *FormObjectFn)(void *form, unsigned long index);
typedef int(PDFIUM_CALL *ObjectMatrixFn)(void *object, float *matrix);
typedef int(PDFIUM_CALL *CountSegmentsFn)(void *path);
typedef void *(PDFIUM_CALL *PathSegmentFn)(void *path, int index);
typedef int(PDFIUM_CALL *SegmentTypeFn)(void *segment);
typedef int(PDFIUM_CALL *SegmentPointFn)(void *segment, float *x, float *y);
typedef int(PDFIUM_CALL *SegmentCloseFn)(void *segment);
typedef int(PDFIUM_CALL *DrawModeFn)(void *path, int *fill_mode, int *stroke);
typedef int(PDFIUM_CALL *PaintColorFn)(void *object, unsigned int *r, unsigned int *g,
                                       unsigned int *b, unsigned int *a);

enum { TEXT = 1, PATH = 2, IMAGE = 3, FORM = 5, BEZIERTO = 1, MOVETO = 2, FORM_DEPTH = 8 };
#define OBJECT_CALL_COUNT 14

typedef struct {
    CountObjectsFn count_objects;
    PageObjectFn page_object;
    ObjectTypeFn object_type;
    FormCountFn form_count;
    FormObjectFn form_object;
    ObjectMatrixFn object_matrix;
    CountSegmentsFn count_segments;
    PathSegmentFn path_segment;
    SegmentTypeFn segment_type;
    SegmentPointFn segment_point;
    SegmentCloseFn segment_close;
    DrawModeFn draw_mode;
    PaintColorFn fill_color, stroke_color;
} ObjectCalls;

static int
read_object_calls(PyObject *addresses, ObjectCalls *calls)
{
    uintptr_t a[OBJECT_CALL_COUNT];
    if (!PyTuple_Check(addresses) || PyTuple_Size(addresses) != OBJECT_CALL_COUNT) {
        PyErr_SetString(PyExc_TypeError, "calls: a tuple of fourteen PDFium function addresses");
        return -1;
    }
    for (Py_ssize_t k = 0; k < OBJECT_CALL_COUNT; k++) {
        unsigned long long address = PyLong_AsUnsignedLongLong(PyTuple_GetItem(addresses, k));
        if (address == (unsigned long long)-1 && PyErr_Occurred()) {
            return -1;
        }
        if (address == 0) {
            PyErr_SetString(PyExc_ValueError, "a PDFium function address is 0");
            return -1;
        }
        a[k] = (uintptr_t)address;
    }
    calls->count_objects = (CountObjectsFn)a[0];
    calls->page_object = (PageObjectFn)a[1];
    calls->object_type = (ObjectTypeFn)a[2];
    calls->form_count = (FormCountFn)a[3];
    calls->form_object = (FormObjectFn)a[4];
    calls->object_matrix = (ObjectMatrixFn)a[5];
    calls->count_segments = (CountSegmentsFn)a[6];
    calls->path_segment = (PathSegmentFn)a[7];
    calls->segment_type = (SegmentTypeFn)a[8];
    calls->segment_point = (SegmentPointFn)a[9];
    calls->segment_close = (SegmentCloseFn)a[10];
    calls->draw_mode = (DrawModeFn)a[11];
    calls->fill_color = (PaintColorFn)a[12];
    calls->stroke_color = (PaintColorFn)a[13];
    return 0;
}

/* x as a double in memory: a product rounded on its own, never fused with an addition */
static double
rounded(double x)
{
    volatile double kept = x;
    return kept;
}

/* pdf_chars.object_matrix: the object's matrix read into the scratch floats, or the identity
 * where PDFium has none */
static void
object_matrix(const ObjectCalls *calls, void *obj, float *floats, double m[6])
{
    if (!calls->object_matrix(obj, floats)) {
        const double identity[6] = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};
        memcpy(m, identity, sizeof identity);
        return;
    }
    for (int k = 0; k < 6; k++) {
        m[k] = floats[k];
    }
}

/* pdf_chars.compose: the matrix applying inner first, then outer */
static void
compose(const double in[6], const double out[6], double m[6])
{
    m[0] = rounded(in[0] * out[0]) + rounded(in[1] * out[2]);
    m[1] = rounded(in[0] * out[1]) + rounded(in[1] * out[3]);
    m[2] = rounded(in[2] * out[0]) + rounded(in[3] * out[2]);
    m[3] = rounded(in[2] * out[1]) + rounded(in[3] * out[3]);
    m[4] = rounded(in[4] * out[0]) + rounded(in[5] * out[2]) + out[4];
    m[5] = rounded(in[4] * out[1]) + rounded(in[5] * out[3]) + out[5];
}

/* A matrix tuple's six numbers: 0, or -1 with an exception set */
static int
read_matrix(PyObject *matrix, double m[6])
{
    if (!PyTuple_Check(matrix) || PyTuple_Size(matrix) != 6) {
        PyErr_SetString(PyExc_TypeError, "a matrix is a tuple of six numbers");
        return -1;
    }
    for (Py_ssize_t k = 0; k < 6; k++) {
        m[k] = PyFloat_AsDouble(PyTuple_GetItem(matrix, k));
        if (m[k] == -1.0 && PyErr_Occurred()) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
float_pair(double x, double y)
{
    PyObject *items[2] = {PyFloat_FromDouble(x), PyFloat_FromDouble(y)};
    return tuple_of(items, 2);
}

/* A matrix and its tuple (a new reference, or borrowed from the caller for the identity) */
typedef struct {
    double m[6];
    PyObject *tuple;
} Matrix;

typedef struct {
    ObjectCalls calls;
    float *floats;
    PyObject *text, *drawn;
} Scan;

/* (object, kind, matrix) appended to the drawn objects: 0, or -1 on an error */
static int
add_drawn(Scan *scan, void *obj, int kind, PyObject *matrix)
{
    Py_INCREF(matrix);
    PyObject *items[3] = {PyLong_FromVoidPtr(obj), PyLong_FromLong(kind), matrix};
    PyObject *drawn = tuple_of(items, 3);
    int appended = drawn == NULL ? -1 : PyList_Append(scan->drawn, drawn);
    Py_XDECREF(drawn);
    return appended;
}

/* pdf_chars.scan_form: the paths and images of a form (and of the forms in it, FORM_DEPTH
 * deep), depth first in order as the Python stack takes them; 0, or -1 on an error */
static int
scan_form(Scan *scan, void *obj, const Matrix *parent, int depth)
{
    int kind = scan->calls.object_type(obj);
    if (kind == PATH || kind == IMAGE) {
        return add_drawn(scan, obj, kind, parent->tuple);
    }
    if (kind != FORM || depth >= FORM_DEPTH) {
        return 0;
    }
    double own[6];
    Matrix inner;
    object_matrix(&scan->calls, obj, scan->floats, own);
    compose(own, parent->m, inner.m);
    PyObject *items[6];
    for (int k = 0; k < 6; k++) {
        items[k] = PyFloat_FromDouble(inner.m[k]);
    }
    inner.tuple = tuple_of(items, 6);
    if (inner.tuple == NULL) {
        return -1;
    }
    int count = scan->calls.form_count(obj), scanned = 0;
    for (int index = 0; index < count && scanned == 0; index++) {
        void *child = scan->calls.form_object(obj, (unsigned long)index);
        scanned = scan_form(scan, child, &inner, depth + 1);
    }
    Py_DECREF(inner.tuple);
    return scanned;
}

/* One of the page's own objects: 0, or -1 on an error */
static int
scan_object(Scan *scan, void *obj, const Matrix *identity)
{
    int kind = scan->calls.object_type(obj);
    if (kind == TEXT) {
        PyObject *key = PyLong_FromVoidPtr(obj);
        int added = key == NULL ? -1 : PySet_Add(scan->text, key);
        Py_XDECREF(key);
        return added;
    }
    if (kind == PATH || kind == IMAGE) {
        return add_drawn(scan, obj, kind, identity->tuple);
    }
    return kind == FORM ? scan_form(scan, obj, identity, 0) : 0;
}

PyDoc_STRVAR(scan_page_doc,
             "scan_page(calls, page, identity, floats) -> (text objects, drawn)\n\n"
             "pdf_chars.python_scan_objects compiled: the page's own text objects (a set),\n"
             "and its paths and images, also those in form XObjects, as (object, kind,\n"
             "matrix) in order; calls are pdf_chars.OBJECT_CALLS, identity the identity\n"
             "matrix (a tuple of six floats), floats the address of the scratch floats.");

static PyObject *
scan_page(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *addresses;
    unsigned long long page, floats;
    Matrix identity;
    Scan scan = {0};
    if (!PyArg_ParseTuple(args, "OKOK:scan_page", &addresses, &page, &identity.tuple,
                          &floats) ||
        read_object_calls(addresses, &scan.calls) < 0 ||
        read_matrix(identity.tuple, identity.m) < 0) {
        return NULL;
    }
    if (floats == 0) {
        PyErr_SetString(PyExc_ValueError, "the scratch address is 0");
        return NULL;
    }
    scan.floats = (float *)(uintptr_t)floats;
    scan.text = PySet_New(NULL);
    scan.drawn = PyList_New(0);
    if (scan.text == NULL || scan.drawn == NULL) {
        goto error;
    }
    void *handle = (void *)(uintptr_t)page;
    int count = scan.calls.count_objects(handle);
    for (int index = 0; index < count; index++) {
        if (scan_object(&scan, scan.calls.page_object(handle, index), &identity) < 0) {
            goto error;
        }
    }
    return Py_BuildValue("(NN)", scan.text, scan.drawn);
error:
    Py_XDECREF(scan.text);
    Py_XDECREF(scan.drawn);
    return NULL;
}

/* A path's points in user space, as pdf_chars.python_path_to_points reads them: a gap
 * (NaN, NaN) before a curve's end, a closed subpath's first point again at its end. Kept in
 * buffers reused from path to path. */
typedef struct {
    double *xy;         /* x and y of each point */
    Py_ssize_t *starts; /* the index of each subpath's first point */
    Py_ssize_t points, subpaths, point_room, subpath_room;
} Path;

static void
free_path(Path *path)
{
    PyMem_Free(path->xy);
    PyMem_Free(path->starts);
}

/* Room for count items of size in *buffer (whose room is *room): 0, or -1 (MemoryError) */
static int
make_room(void **buffer, Py_ssize_t *room, Py_ssize_t count, size_t size)
{
    if (count <= *room) {
        return 0;
    }
    void *larger = PyMem_Realloc(*buffer, (size_t)count * size);
    if (larger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buffer = larger;
    *room = count;
    return 0;
}

static void
add_point(Path *path, double x, double y)
{
    path->xy[2 * path->points] = x;
    path->xy[2 * path->points + 1] = y;
    path->points += 1;
}

/* The points of the path drawn in a form of matrix parent (with the same calls into the
 * scratch floats as python_path_to_points); its curves added to *curves. 0, or -1. */
static int
read_path(const ObjectCalls *calls, void *obj, const double parent[6], float *floats,
          Path *path, long *curves)
{
    double own[6], m[6];
    object_matrix(calls, obj, floats, own);
    compose(own, parent, m);
    path->points = path->subpaths = 0;
    int count = calls->count_segments(obj);
    /* a segment adds at most three points (a gap, its own, a closing one) and one subpath */
    if (count > 0 && (make_room((void **)&path->xy, &path->point_room, 3 * (Py_ssize_t)count,
                                2 * sizeof(double)) < 0 ||
                      make_room((void **)&path->starts, &path->subpath_room, count,
                                sizeof(Py_ssize_t)) < 0)) {
        return -1;
    }
    for (int index = 0; index < count; index++) {
        void *segment = calls->path_segment(obj, index);
        int kind = calls->segment_type(segment);
        calls->segment_point(segment, &floats[0], &floats[1]);
        double x = floats[0], y = floats[1];
        double page_x = rounded(m[0] * x) + rounded(m[2] * y) + m[4];
        double page_y = rounded(m[1] * x) + rounded(m[3] * y) + m[5];
        if (kind == MOVETO || path->subpaths == 0) {
            path->starts[path->subpaths++] = path->points;
        }
        else if (kind == BEZIERTO) {
            *curves += 1;
            add_point(path, Py_NAN, Py_NAN); /* breaks the straight run */
        }
        add_point(path, page_x, page_y);
        if (calls->segment_close(segment)) {
            const double *first = &path->xy[2 * path->starts[path->subpaths - 1]];
            add_point(path, first[0], first[1]);
        }
    }
    return 0;
}

/* The path's points as python_path_to_points gives them: a list of subpaths, each a list
 * of (x, y). A new reference or NULL. */
static PyObject *
path_to_lists(const Path *path)
{
    PyObject *subpaths = PyList_New(path->subpaths);
    for (Py_ssize_t k = 0; subpaths != NULL && k < path->subpaths; k++) {
        Py_ssize_t first = path->starts[k];
        Py_ssize_t end = k + 1 < path->subpaths ? path->starts[k + 1] : path->points;
        PyObject *subpath = PyList_New(end - first);
        for (Py_ssize_t i = first; subpath != NULL && i < end; i++) {
            PyObject *point = float_pair(path->xy[2 * i], path->xy[2 * i + 1]);
            if (point == NULL) {
                Py_CLEAR(subpath);
            }
            else {
                PyList_SetItem(subpath, i - first, point); /* steals */
            }
        }
        if (subpath == NULL) {
            Py_CLEAR(subpaths);
        }
        else {
            PyList_SetItem(subpaths, k, subpath);
        }
    }
    return subpaths;
}

PyDoc_STRVAR(path_points_doc,
             "path_points(calls, path, parent, floats) -> (subpaths, curves)\n\n"
             "pdf_chars.python_path_to_points compiled: the path's subpaths as lists of\n"
             "points in user space (parent: the matrix of its form, a tuple of six floats),\n"
             "and its count of curves; calls are pdf_chars.OBJECT_CALLS, floats the\n"
             "address of the scratch floats. The points page_graphics works from.");

static PyObject *
path_points(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *addresses, *parent;
    unsigned long long obj, floats;
    ObjectCalls calls;
    double m[6];
    if (!PyArg_ParseTuple(args, "OKOK:path_points", &addresses, &obj, &parent, &floats) ||
        read_object_calls(addresses, &calls) < 0 || read_matrix(parent, m) < 0) {
        return NULL;
    }
    if (floats == 0) {
        PyErr_SetString(PyExc_ValueError, "the scratch address is 0");
        return NULL;
    }
    Path path = {0};
    long curves = 0;
    PyObject *subpaths = NULL;
    if (read_path(&calls, (void *)(uintptr_t)obj, m, (float *)(uintptr_t)floats, &path,
                  &curves) == 0) {
        subpaths = path_to_lists(&path);
    }
    free_path(&path);
    return subpaths == NULL ? NULL : Py_BuildValue("(Nl)", subpaths, curves);
}

/* pdf_chars.python_objects_to_graphics: what one page's paths and images draw. */
typedef struct {
    ObjectCalls calls;
    float *floats;
    int *ints;            /* the scratch ints: fill mode, stroke */
    unsigned int *uints;  /* the scratch uints: a colour */
    double left, bottom, width, height;
    int rotation;
    double thin; /* pdf_chars.THIN */
    PyObject *segment_type, *segments;
    Path path;
} Graphics;

/* pdf_chars.is_white: a paint asked of getter (a fill or stroke colour) is white or clear */
static int
is_white(PaintColorFn getter, void *obj, unsigned int *rgba)
{
    if (!getter(obj, &rgba[0], &rgba[1], &rgba[2], &rgba[3])) {
        return 0;
    }
    return rgba[3] == 0 || (rgba[0] >= 245 && rgba[1] >= 245 && rgba[2] >= 245);
}

/* pdf_chars.is_invisible: a path painted only in white (or not at all) draws no ruling */
static int
is_invisible(Graphics *graphics, void *obj)
{
    int *modes = graphics->ints;
    modes[0] = modes[1] = 0;
    graphics->calls.draw_mode(obj, &modes[0], &modes[1]);
    int filled = modes[0], stroked = modes[1];
    if (filled && !is_white(graphics->calls.fill_color, obj, graphics->uints)) {
        return 0;
    }
    return !stroked || is_white(graphics->calls.stroke_color, obj, graphics->uints);
}

/* View.__call__: a point of user space on the page as displayed */
static void
view_point(const Graphics *graphics, double *x, double *y)
{
    double u = *x - graphics->left, v = *y - graphics->bottom;
    switch (graphics->rotation) {
    case 90:
        *x = v, *y = u;
        break;
    case 180:
        *x = graphics->width - u, *y = v;
        break;
    case 270:
        *x = graphics->height - v, *y = graphics->width - u;
        break;
    default:
        *x = u, *y = graphics->height - v;
    }
}

/* Segment(x0, top, x1, bottom) appended to the page's segments: 0, or -1 */
static int
add_segment(Graphics *graphics, double x0, double top, double x1, double bottom)
{
    PyObject *items[4] = {PyFloat_FromDouble(x0), PyFloat_FromDouble(top),
                          PyFloat_FromDouble(x1), PyFloat_FromDouble(bottom)};
    PyObject *args = tuple_of(items, 4);
    PyObject *segment = args == NULL ? NULL : PyObject_Call(graphics->segment_type, args, NULL);
    Py_XDECREF(args);
    int appended = segment == NULL ? -1 : PyList_Append(graphics->segments, segment);
    Py_XDECREF(segment);
    return appended;
}

/* Python's min and max of the numbers (not NaN) among n values a stride apart: the first
 * unless a later one is smaller (larger). The count of numbers found. */
static Py_ssize_t
numbers_range(const double *values, Py_ssize_t n, double *low, double *high)
{
    Py_ssize_t found = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        double value = values[2 * i];
        if (value != value) {
            continue;
        }
        if (found == 0 || value < *low) {
            *low = value;
        }
        if (found == 0 || value > *high) {
            *high = value;
        }
        found += 1;
    }
    return found;
}

/* pdf_chars.points_to_segments of one subpath (n points in display space): 0, or -1 */
static int
subpath_segments(Graphics *graphics, const double *xy, Py_ssize_t n)
{
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    Py_ssize_t numbers = numbers_range(xy, n, &x0, &x1);
    if (numbers >= 4 && numbers == n) { /* is_thin_box, thin_box_to_segment */
        if (numbers_range(xy + 1, n, &y0, &y1) == 0) {
            PyErr_SetString(PyExc_ValueError, "max() arg is an empty sequence");
            return -1;
        }
        double across = x1 - x0, down = y1 - y0;
        if ((down < across ? down : across) < graphics->thin) {
            if (across >= down) {
                return across < 0.5 ? 0 : add_segment(graphics, x0, (y0 + y1) / 2, x1,
                                                      (y0 + y1) / 2);
            }
            return add_segment(graphics, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
        }
    }
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        double dx = ax - bx, dy = ay - by;
        int added = 0;
        if (-0.5 < dy && dy < 0.5 && (dx >= 0.5 || dx <= -0.5)) {
            double y = (ay + by) / 2;
            added = add_segment(graphics, bx < ax ? bx : ax, y, bx > ax ? bx : ax, y);
        }
        else if (-0.5 < dx && dx < 0.5 && (dy >= 0.5 || dy <= -0.5)) {
            double x = (ax + bx) / 2;
            added = add_segment(graphics, x, by < ay ? by : ay, x, by > ay ? by : ay);
        }
        if (added < 0) {
            return -1;
        }
    }
    return 0;
}

/* A visible path's segments added, its curves counted: 0, or -1 */
static int
path_segments(Graphics *graphics, void *obj, const double parent[6], long *curves)
{
    Path *path = &graphics->path;
    if (read_path(&graphics->calls, obj, parent, graphics->floats, path, curves) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < path->points; i++) {
        double *point = &path->xy[2 * i];
        if (point[0] == point[0]) { /* a gap stays (NaN, NaN) */
            view_point(graphics, &point[0], &point[1]);
        }
    }
    for (Py_ssize_t k = 0; k < path->subpaths; k++) {
        Py_ssize_t first = path->starts[k];
        Py_ssize_t end = k + 1 < path->subpaths ? path->starts[k + 1] : path->points;
        if (subpath_segments(graphics, &path->xy[2 * first], end - first) < 0) {
            return -1;
        }
    }
    return 0;
}

/* One drawn (object, kind, matrix): an image's cover added to *image_area (image_cover asked,
 * divided by the page's area), a visible path's segments and curves. 0, or -1. */
static int
draw_one(Graphics *graphics, PyObject *drawn, PyObject *image_cover, double page_area,
         double *image_area, long *curves)
{
    if (!PyTuple_Check(drawn) || PyTuple_Size(drawn) != 3) {
        PyErr_SetString(PyExc_TypeError, "a drawn object is (object, kind, matrix)");
        return -1;
    }
    PyObject *obj_int = PyTuple_GetItem(drawn, 0), *matrix = PyTuple_GetItem(drawn, 2);
    unsigned long long address = PyLong_AsUnsignedLongLong(obj_int);
    if (address == (unsigned long long)-1 && PyErr_Occurred()) {
        return -1;
    }
    long kind = PyLong_AsLong(PyTuple_GetItem(drawn, 1));
    if (kind == -1 && PyErr_Occurred()) {
        return -1;
    }
    void *obj = (void *)(uintptr_t)address;
    if (kind == IMAGE) {
        PyObject *cover = PyObject_CallFunctionObjArgs(image_cover, obj_int, matrix, NULL);
        double area = cover == NULL ? -1.0 : PyFloat_AsDouble(cover);
        Py_XDECREF(cover);
        if (area == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        if (page_area == 0.0) {
            PyErr_SetString(PyExc_ZeroDivisionError, "float division by zero");
            return -1;
        }
        *image_area += area / page_area;
        return 0;
    }
    if (is_invisible(graphics, obj)) {
        return 0; /* white cell backgrounds exported from spreadsheets are not rulings */
    }
    double parent[6];
    return read_matrix(matrix, parent) < 0 ? -1 : path_segments(graphics, obj, parent, curves);
}

PyDoc_STRVAR(page_graphics_doc,
             "page_graphics(calls, drawn, view, thin, Segment, image_cover, floats, ints,\n"
             "              uints)\n"
             "              -> (segments, image area, curves)\n\n"
             "pdf_chars.python_objects_to_graphics compiled: the ruling segments of the\n"
             "drawn objects (object, kind, matrix), their images' share of the page\n"
             "(image_cover asked for each image's area, with its object and matrix) and\n"
             "their curves; view is (left, bottom, width, height, rotation) of\n"
             "pdf_chars.View, thin pdf_chars.THIN, calls pdf_chars.OBJECT_CALLS; floats,\n"
             "ints and uints the addresses of the scratch arrays (float[6], int[2],\n"
             "unsigned int[4]).");

static PyObject *
page_graphics(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *addresses, *drawn, *image_cover;
    unsigned long long floats, ints, uints;
    Graphics graphics = {0};
    if (!PyArg_ParseTuple(args, "OO!(ddddi)dOOKKK:page_graphics", &addresses, &PyList_Type,
                          &drawn, &graphics.left, &graphics.bottom, &graphics.width,
                          &graphics.height, &graphics.rotation, &graphics.thin,
                          &graphics.segment_type,
                          &image_cover, &floats, &ints, &uints) ||
        read_object_calls(addresses, &graphics.calls) < 0) {
        return NULL;
    }
    if (floats == 0 || ints == 0 || uints == 0) {
        PyErr_SetString(PyExc_ValueError, "a scratch address is 0");
        return NULL;
    }
    graphics.floats = (float *)(uintptr_t)floats;
    graphics.ints = (int *)(uintptr_t)ints;
    graphics.uints = (unsigned int *)(uintptr_t)uints;
    graphics.segments = PyList_New(0);
    if (graphics.segments == NULL) {
        return NULL;
    }
    double page_area = graphics.width * graphics.height, image_area = 0.0;
    long curves = 0;
    int failed = 0;
    Py_INCREF(drawn); /* held while image_cover and Segment's __init__ run */
    for (Py_ssize_t index = 0; !failed && index < PyList_Size(drawn); index++) {
        PyObject *item = PyList_GetItem(drawn, index);
        Py_INCREF(item);
        failed = draw_one(&graphics, item, image_cover, page_area, &image_area, &curves) < 0;
        Py_DECREF(item);
    }
    Py_DECREF(drawn);
    free_path(&graphics.path);
    if (failed) {
        Py_DECREF(graphics.segments);
        return NULL;
    }
    return Py_BuildValue("(Ndl)", graphics.segments, image_area, curves);
}

static PyMethodDef methods[] = {
    {"place_chars", place_chars, METH_VARARGS, place_chars_doc},
    {"upright_chars", upright_chars, METH_VARARGS, upright_chars_doc},
    {"scan_page", scan_page, METH_VARARGS, scan_page_doc},
    {"path_points", path_points, METH_VARARGS, path_points_doc},
    {"page_graphics", page_graphics, METH_VARARGS, page_graphics_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "juesuan.read._charloop",
    .m_doc = "The PDF reader's per-character and per-object loops, compiled (see pdf_chars).",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__charloop(void)
{
    return PyModuleDef_Init(&module);
}
