#include "tools/gen/register.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <system_error>

#include <leptonica/allheaders.h>

#include "tools/gen/calendar.h"
#include "tools/gen/image_files.h"
#include "tools/gen/people.h"
#include "tools/gen/places.h"
#include "tools/gen/raster.h"
#include "tools/gen/register_render.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {
namespace {

namespace fs = std::filesystem;

// Stream labels of their own (the dossiers use 0x1000000..0x5FFFFFF), so
// books never shift what the dossiers draw.
enum BookStream : std::uint64_t {
  kBookContent = 0x6000000,
  kBookLook = 0x7000000,
  kBookPages = 0x8000000,
  kBookNoise = 0x9000000,
  kBookSpecks = 0xA000000,
};

std::string Padded(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

std::string TypeCode(std::string_view type) {
  if (type == "ket_hon") return "KH";
  if (type == "khai_tu") return "KT";
  return "KS";
}

// A place of birth as a register writes it: a hospital, or the commune's
// health station.
std::string BirthPlace(Rng& rng, const Commune& commune) {
  if (rng.Chance(0.6)) return PickHospital(rng);
  return "Trạm Y tế " + commune.name;
}

std::string DeathPlace(Rng& rng, const Commune& commune) {
  if (rng.Chance(0.5)) return PickHospital(rng);
  return "Tại nhà, " + commune.name;
}

// One entry's values in column order, registered on `registered`.
std::vector<std::string> MakeEntry(Rng& rng, std::string_view type, const Commune& commune,
                                   const Date& registered) {
  if (type == "ket_hon") {
    Date husband = RandomDate(rng, AddDays(registered, -45 * 365), AddDays(registered, -20 * 365));
    Date wife = RandomDate(rng, AddDays(registered, -40 * 365), AddDays(registered, -18 * 365));
    return {MakeName(rng, false), FormatDmy(husband), MakeName(rng, true), FormatDmy(wife),
            commune.name + ", " + commune.district};
  }
  if (type == "khai_tu") {
    bool female = rng.Chance(0.5);
    Date born = RandomDate(rng, AddDays(registered, -95 * 365), AddDays(registered, -40 * 365));
    Date died = AddDays(registered, -static_cast<int>(rng.Int(0, 14)));
    std::string name = MakeName(rng, female);
    return {name, FormatDmy(born), female ? "Nữ" : "Nam", FormatDmy(died),
            DeathPlace(rng, commune)};
  }
  bool female = rng.Chance(0.5);
  std::string father = MakeName(rng, false);
  std::string child = MakeName(rng, female, Surname(father));
  std::string mother = MakeName(rng, true);
  Date born = AddDays(registered, -static_cast<int>(rng.Int(1, 60)));
  if (rng.Chance(0.08)) father.clear();  // no father declared: the cell stays blank
  return {child, FormatDmy(born), female ? "Nữ" : "Nam", BirthPlace(rng, commune), mother, father};
}

struct BookPagePlan {
  PageLook look;
  PageEffects effects;
  int jpeg_quality = 92;
  int specks = 0;  // dust and toner specks on the paper
};

// Like a dossier page's faults, but a bound book lies flat on the scanner:
// gentler skew and never a quarter turn.
BookPagePlan PlanBookPage(std::uint64_t seed, bool degrade) {
  Rng rng(seed);
  BookPagePlan plan;
  if (!degrade) return plan;
  PageEffects& e = plan.effects;
  e.skew_degrees = std::round(rng.Real(-2, 2) * 100) / 100;
  if (rng.Chance(0.35)) {
    e.lighting = rng.Real(0.08, 0.25);
    e.lighting_angle = rng.Real(0, 2 * std::numbers::pi);
  }
  e.blur = rng.Chance(0.35);
  if (rng.Chance(0.75)) e.noise_sigma = rng.Real(2.5, 8);
  PageLook& look = plan.look;
  look.paper = static_cast<std::uint8_t>(rng.Int(228, 250));
  look.ink = static_cast<std::uint8_t>(rng.Int(12, 50));
  look.color = rng.Chance(0.25);
  if (look.color) {
    int base = static_cast<int>(rng.Int(238, 252));
    int warm = static_cast<int>(rng.Int(0, 4)), blue_drop = static_cast<int>(rng.Int(6, 18));
    look.paper_rgb = {static_cast<std::uint8_t>(base), static_cast<std::uint8_t>(base - warm),
                      static_cast<std::uint8_t>(base - blue_drop)};
    int ink = look.ink;
    look.ink_rgb = {static_cast<std::uint8_t>(ink), static_cast<std::uint8_t>(ink),
                    static_cast<std::uint8_t>(std::min(255, ink + 18))};
    e.paper_tint = true;
  }
  plan.jpeg_quality = static_cast<int>(rng.Int(60, 92));
  // Drawn last, so the faults above stay what each seed drew before.
  if (rng.Chance(0.4)) plan.specks = static_cast<int>(rng.Int(40, 160));
  return plan;
}

// Dust and toner specks on an old book's paper, drawn before the scanner's
// faults so they are skewed, blurred and noised with the ink. On a held-out
// corpus of scans (issue 17) they were read as a period or colon beside a
// word ("PHẠM MINH. KHÁNH", "TRẦN DIỆU: THẢO") or as a stroke of a digit or
// letter ("2013" read "2913", "MAI" read "MAT"); the clean pages drawn here
// had none of those.
void AddSpecks(Pix* pix, int count, const PageLook& look, int dpi, std::uint64_t seed) {
  Rng rng(seed);
  const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
  const bool rgb = pixGetDepth(pix) == 32;
  l_uint32 ink = look.ink;
  if (rgb) composeRGBPixel(look.ink_rgb[0], look.ink_rgb[1], look.ink_rgb[2], &ink);
  for (int i = 0; i < count; ++i) {
    const double radius = rng.Real(0.7, 1.8) * dpi / 300;
    const int cx = static_cast<int>(rng.Int(0, w - 1)), cy = static_cast<int>(rng.Int(0, h - 1));
    const int r = static_cast<int>(std::ceil(radius));
    for (int y = std::max(0, cy - r); y <= std::min(h - 1, cy + r); ++y) {
      for (int x = std::max(0, cx - r); x <= std::min(w - 1, cx + r); ++x) {
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
          pixSetPixel(pix, x, y, ink);
        }
      }
    }
  }
}

}  // namespace

const std::vector<std::string>& BookTypes() {
  static const std::vector<std::string> types = {"khai_sinh", "ket_hon", "khai_tu"};
  return types;
}

const std::vector<BookColumn>& BookColumns(std::string_view type) {
  // Dates need 31 mm: 10 digits of DejaVu Sans at 11.5 pt plus the padding.
  static const std::vector<BookColumn> khai_sinh = {
      {"no", "Số", 12},           {"registered", "Ngày đăng ký", 31}, {"name", "Họ và tên", 42},
      {"dob", "Ngày sinh", 31},   {"sex", "Giới tính", 18},          {"birthplace", "Nơi sinh", 51},
      {"mother", "Họ tên mẹ", 41}, {"father", "Họ tên cha", 41}};
  static const std::vector<BookColumn> ket_hon = {
      {"no", "Số", 12},
      {"registered", "Ngày đăng ký", 31},
      {"husband", "Họ tên chồng", 44},
      {"husband_dob", "Ngày sinh chồng", 31},
      {"wife", "Họ tên vợ", 44},
      {"wife_dob", "Ngày sinh vợ", 31},
      {"residence", "Nơi cư trú", 74}};
  static const std::vector<BookColumn> khai_tu = {
      {"no", "Số", 12},         {"registered", "Ngày đăng ký", 31}, {"name", "Họ và tên", 46},
      {"dob", "Ngày sinh", 31}, {"sex", "Giới tính", 18},          {"died", "Ngày chết", 31},
      {"death_place", "Nơi chết", 98}};
  static const std::vector<BookColumn> none;
  if (type == "khai_sinh") return khai_sinh;
  if (type == "ket_hon") return ket_hon;
  if (type == "khai_tu") return khai_tu;
  return none;
}

std::string BookTypeTitle(std::string_view type) {
  if (type == "ket_hon") return "KẾT HÔN";
  if (type == "khai_tu") return "KHAI TỬ";
  return "KHAI SINH";
}

Result<BookTruth> WriteBook(const Options& options, int index, const fs::path& out_dir,
                            std::set<std::string>* taken) {
  const std::uint64_t seed = options.seed;
  const auto i = static_cast<std::uint64_t>(index);
  Rng content(Rng::Derive(seed, kBookContent + i));
  BookTruth book;
  book.type = BookTypes()[i % BookTypes().size()];
  const Commune& commune = content.Pick(Communes());
  book.commune = commune.name;
  book.agency_code = commune.agency_code;
  book.year = static_cast<int>(content.Int(2005, 2022));
  int volume = static_cast<int>(content.Int(1, 3));
  auto id_of = [&](int v) {
    return TypeCode(book.type) + "-" + commune.agency_code + "-" + std::to_string(book.year) + "-" +
           Padded(v, 2);
  };
  while (taken->count(id_of(volume)) > 0) {
    if (++volume > 99) return InvalidArgument("more than 99 books of one commune, type and year");
  }
  book.volume = Padded(volume, 2);
  book.id = id_of(volume);
  taken->insert(book.id);
  book.path = "books/" + book.id;
  const std::vector<BookColumn>& columns = BookColumns(book.type);
  for (const BookColumn& c : columns) book.columns.push_back(c.key);
  const std::string header = "SỔ ĐĂNG KÝ " + BookTypeTitle(book.type) + " - " +
                             UpperVi(commune.name) + " - QUYỂN SỐ " + book.volume + "/" +
                             std::to_string(book.year);

  Rng look(Rng::Derive(seed, kBookLook + i));
  const std::string font = look.Pick(options.fonts);
  const int dpi = look.Pick(options.dpis);
  const double body_pt = look.Pick({10.5, 11.0, 11.5});

  fs::path folder = out_dir / book.path;
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder, ec);
  if (ec) return IoError(folder.string() + ": cannot create: " + ec.message());

  Date registered = MakeDate(book.year, 1, 2);
  const Date year_end = MakeDate(book.year, 12, 31);
  int number = 0;
  for (int k = 0; k < options.book_pages; ++k) {
    LedgerPageLayout layout;
    layout.header = header;
    layout.page_label = "Trang " + Padded(k + 1, 2);
    layout.columns = columns;
    layout.rows_per_page = options.entries_per_page;
    layout.font = font;
    layout.body_pt = body_pt;
    layout.dpi = dpi;
    BookPageTruth page;
    for (int e = 0; e < options.entries_per_page; ++e) {
      ++number;
      std::vector<std::string> values = MakeEntry(content, book.type, commune, registered);
      values.insert(values.begin(), {std::to_string(number), FormatDmy(registered)});
      EntryTruth entry;
      for (size_t c = 0; c < columns.size() && c < values.size(); ++c) {
        entry.fields.emplace_back(columns[c].key, values[c]);
      }
      page.entries.push_back(std::move(entry));
      layout.rows.push_back(std::move(values));
      Date next = AddDays(registered, static_cast<int>(content.Int(0, 5)));
      if (next <= year_end) registered = next;
    }
    SOHOA_ASSIGN_OR_RETURN(RenderedPage rendered, RenderLedgerPage(layout));
    const auto ku = static_cast<std::uint64_t>(k);
    BookPagePlan plan = PlanBookPage(Rng::Derive(Rng::Derive(seed, kBookPages + i), ku),
                                     options.degrade);
    PixPtr composed = Compose(rendered, plan.look);
    if (!composed) return Internal("out of memory composing a register page");
    AddSpecks(composed.get(), plan.specks, plan.look, dpi,
              Rng::Derive(Rng::Derive(seed, kBookSpecks + i), ku));
    SOHOA_ASSIGN_OR_RETURN(
        PixPtr pix, ApplyEffects(std::move(composed), plan.effects,
                                 Rng::Derive(Rng::Derive(seed, kBookNoise + i), ku)));
    SOHOA_ASSIGN_OR_RETURN(std::string jpeg, EncodeJpeg(pix.get(), plan.jpeg_quality));
    const std::string file = Padded(k + 1, 2) + ".jpg";
    SOHOA_RETURN_IF_ERROR(WriteFileBytes(folder / file, jpeg));

    page.file = book.path + "/" + file;
    page.number = k + 1;
    page.header = header;
    page.dpi = dpi;
    page.skew_degrees = plan.effects.skew_degrees;
    page.font = font;
    page.degradations = plan.effects.Names();
    if (plan.specks > 0) page.degradations.push_back("specks");
    page.width = rendered.width;
    page.height = rendered.height;
    page.jpeg_quality = plan.jpeg_quality;
    page.color = plan.look.color;
    book.pages.push_back(std::move(page));
  }
  return book;
}

}  // namespace sohoa::gen
