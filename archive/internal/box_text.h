// A box on a page scan as the catalog stores it in a text column ("x,y,w,h"),
// whatever the backend: fields' boxes and book slots' rows.
#pragma once

#include <string>

#include "schema/dossier.h"

namespace sohoa::archive::internal {

// "x,y,w,h"; "" for an unknown box (no width or no height).
std::string PackBox(const Box& box);
// The box PackBox wrote; an unknown box for anything else.
Box UnpackBox(const std::string& packed);

}  // namespace sohoa::archive::internal
