// Owners of the Cairo and Pango handles the generator draws with (internal
// to tools/gen: the dossier and register renderers share them).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace sohoa::gen {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const noexcept { cairo_destroy(cr); }
};
struct FontOptionsDeleter {
  void operator()(cairo_font_options_t* o) const noexcept { cairo_font_options_destroy(o); }
};
struct GObjectDeleter {
  void operator()(gpointer p) const noexcept { g_object_unref(p); }
};
struct FontDescDeleter {
  void operator()(PangoFontDescription* d) const noexcept { pango_font_description_free(d); }
};
struct AttrListDeleter {
  void operator()(PangoAttrList* a) const noexcept { pango_attr_list_unref(a); }
};
struct TabArrayDeleter {
  void operator()(PangoTabArray* t) const noexcept { pango_tab_array_free(t); }
};
struct IterDeleter {
  void operator()(PangoLayoutIter* it) const noexcept { pango_layout_iter_free(it); }
};
struct FamiliesDeleter {
  void operator()(PangoFontFamily** f) const noexcept { g_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontDescPtr = std::unique_ptr<PangoFontDescription, FontDescDeleter>;
using AttrListPtr = std::unique_ptr<PangoAttrList, AttrListDeleter>;
using TabArrayPtr = std::unique_ptr<PangoTabArray, TabArrayDeleter>;
using IterPtr = std::unique_ptr<PangoLayoutIter, IterDeleter>;

}  // namespace sohoa::gen
