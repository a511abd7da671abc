#include "tools/gen/generator.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <set>
#include <sstream>
#include <system_error>

#include "tools/gen/content.h"
#include "tools/gen/documents.h"
#include "tools/gen/image_files.h"
#include "tools/gen/one_stop_register.h"
#include "tools/gen/pdf_file.h"
#include "tools/gen/raster.h"
#include "tools/gen/register.h"
#include "tools/gen/render.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {
namespace {

namespace fs = std::filesystem;

// Labels of the independent random streams: changing how pages look never
// changes what they say, and adding a dossier never changes the others.
enum Stream : std::uint64_t {
  kProcedures = 1,
  kContent = 0x1000000,
  kLook = 0x2000000,
  kShapes = 0x3000000,
  kPages = 0x4000000,
  kNoise = 0x5000000,
};

constexpr const char* kTruthFile = "ground-truth.json";
// The one-stop register export beside the corpus (one_stop_register.h).
constexpr const char* kRegisterFile = "register.csv";

std::string Padded(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

// Removes the dossiers a previous run listed, so a smaller run leaves no
// stale ones behind. Only plain relative paths are trusted.
Status RemovePreviousRun(const fs::path& out_dir) {
  fs::path truth_path = out_dir / kTruthFile;
  std::error_code ec;
  if (!fs::exists(truth_path, ec)) return Status::Ok();
  std::ifstream in(truth_path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Result<GroundTruth> previous = ParseGroundTruth(bytes.str());
  if (!previous.ok()) return Status::Ok();  // not ours to interpret: leave the files alone
  for (const auto& d : previous->dossiers) {
    fs::path rel(d.path);
    bool safe = !rel.empty() && rel.is_relative();
    for (const auto& part : rel) safe = safe && part != "..";
    if (!safe) continue;
    fs::remove_all(out_dir / rel, ec);
    if (ec) return IoError((out_dir / rel).string() + ": cannot remove: " + ec.message());
  }
  for (const auto& b : previous->books) {
    fs::path rel(b.path);
    bool safe = !rel.empty() && rel.is_relative();
    for (const auto& part : rel) safe = safe && part != "..";
    if (!safe) continue;
    fs::remove_all(out_dir / rel, ec);
    if (ec) return IoError((out_dir / rel).string() + ": cannot remove: " + ec.message());
  }
  return Status::Ok();
}

Status Validate(const Options& o, const std::vector<Procedure>& catalog) {
  if (o.dossiers < 0 || o.dossiers > 100000) {
    return InvalidArgument("the number of dossiers must be between 0 and 100000");
  }
  if (o.books < 0 || o.books > 10000) {
    return InvalidArgument("the number of register books must be between 0 and 10000");
  }
  if (o.books > 0 && (o.entries_per_page < 1 || o.entries_per_page > 30)) {
    return InvalidArgument("entries per register page must be between 1 and 30");
  }
  if (o.books > 0 && (o.book_pages < 1 || o.book_pages > 500)) {
    return InvalidArgument("pages per register book must be between 1 and 500");
  }
  if (o.fonts.empty()) return InvalidArgument("no font families given");
  if (o.dpis.empty()) return InvalidArgument("no dpi values given");
  for (int dpi : o.dpis) {
    if (dpi < 100 || dpi > 600) {
      return InvalidArgument("dpi " + std::to_string(dpi) + " is outside 100..600");
    }
  }
  if (o.forms.empty()) return InvalidArgument("no output formats given");
  if (o.stack_dossiers < 1 || o.stack_dossiers > 1000) {
    return InvalidArgument("dossiers per stack must be between 1 and 1000");
  }
  if (catalog.empty()) return InvalidArgument("the procedure catalog is empty");
  return Status::Ok();
}

// A page's scanner faults, paper and storage, drawn from its own stream.
struct PagePlan {
  PageLook look;
  PageEffects effects;
  bool png = false;
  int jpeg_quality = 92;
};

PagePlan PlanPage(std::uint64_t seed, bool degrade, Form form, TiffCompression tiff) {
  Rng rng(seed);
  PagePlan plan;
  plan.png = form == Form::kFolder && rng.Chance(0.2);
  plan.effects.binarize = form == Form::kTiff && tiff == TiffCompression::kG4;
  if (!degrade) return plan;
  PageEffects& e = plan.effects;
  e.skew_degrees = std::round(rng.Real(-3, 3) * 100) / 100;
  if (rng.Chance(0.15)) e.rotation = static_cast<int>(rng.Pick({90, 180, 270}));
  if (rng.Chance(0.35)) {
    e.lighting = rng.Real(0.08, 0.25);
    e.lighting_angle = rng.Real(0, 2 * std::numbers::pi);
  }
  e.blur = rng.Chance(0.35);
  if (rng.Chance(0.75)) e.noise_sigma = rng.Real(2.5, 8);
  PageLook& look = plan.look;
  look.paper = static_cast<std::uint8_t>(rng.Int(228, 250));
  look.ink = static_cast<std::uint8_t>(rng.Int(12, 50));
  look.color = form != Form::kTiff && rng.Chance(0.25);
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
  return plan;
}

std::string PdfDate(const DossierContent& c) {
  return "D:" + Padded(YearOf(c.received), 4) + FormatYyMmDd(c.received).substr(2) +
         Padded(c.received_hour, 2) + Padded(c.received_minute, 2) + "00+07'00'";
}

class DossierWriter {
 public:
  DossierWriter(const Options& options, const fs::path& out_dir, const FontSession& fonts,
                std::set<std::string>* codes)
      : options_(options), out_dir_(out_dir), fonts_(fonts), codes_(codes) {}

  Result<DossierTruth> Write(int index, const Procedure& procedure) {
    const std::uint64_t seed = options_.seed;
    const auto i = static_cast<std::uint64_t>(index);
    Rng content_rng(Rng::Derive(seed, kContent + i));
    DossierContent c = MakeContent(content_rng, procedure);
    while (!codes_->insert(c.code).second) {
      c.sequence = c.sequence % 9999 + 1;
      c.code = c.agency.code + "-" + FormatYyMmDd(c.received) + "-" + Padded(c.sequence, 4);
    }
    std::vector<DocumentPlan> docs = BuildDocuments(content_rng, c);

    Form form = options_.forms[(i + seed) % options_.forms.size()];
    bool named = (i + seed) % 4 != 3 && form != Form::kStack;
    std::string name = named ? c.code : "ho-so-" + Padded(index + 1, 4);
    if (form == Form::kStack) {
      SOHOA_RETURN_IF_ERROR(NextStack(c));
      name = stack_.path;
    }
    // The file a stacked dossier's pages go into is a PDF or a TIFF.
    const Form stack_form = form;
    if (form == Form::kStack) form = stack_.pdf ? Form::kPdf : Form::kTiff;

    Rng look_rng(Rng::Derive(seed, kLook + i));
    RenderStyle style;
    style.font = look_rng.Pick(options_.fonts);
    style.dpi = look_rng.Pick(options_.dpis);
    style.body_pt = look_rng.Pick({11.0, 11.5, 12.0, 12.5, 13.0});
    style.seed = Rng::Derive(seed, kShapes + i);
    TiffCompression tiff = look_rng.Chance(0.5)   ? TiffCompression::kG4
                           : look_rng.Chance(0.5) ? TiffCompression::kLzw
                                                  : TiffCompression::kZip;

    DossierTruth truth;
    truth.code = c.code;
    truth.form = std::string(FormName(stack_form));
    truth.named_by_code = named;
    truth.path = form == Form::kFolder      ? name
                 : stack_form == Form::kStack ? stack_.path
                                              : name + (form == Form::kPdf ? ".pdf" : ".tif");
    truth.procedure_code = procedure.code;
    truth.procedure_name = procedure.name;
    truth.field = procedure.field;
    truth.agency_code = c.agency.code;
    truth.received_date = FormatIso(c.received);
    truth.appointment_date = FormatIso(c.appointment);
    truth.applicant = c.applicant_printed;
    truth.citizen_id = c.applicant.citizen_id;
    truth.applicant_birth_date = FormatIso(c.applicant.birth);
    truth.applicant_sex = c.applicant.Sex();
    truth.subject.kind = c.subject.kind;
    truth.subject.name = c.subject.name;
    truth.subject.date = c.subject.date;
    for (const auto& f : c.subject.fields) {
      if (!f.key.empty()) truth.subject.details.emplace_back(f.key, f.value);
    }

    fs::path target = out_dir_ / truth.path;
    std::error_code ec;
    if (form == Form::kFolder) {
      fs::remove_all(target, ec);
      fs::create_directories(target, ec);
      if (ec) return IoError(target.string() + ": cannot create: " + ec.message());
    }

    std::vector<PdfPageImage> pdf_pages;
    int k = 0;
    for (const DocumentPlan& doc : docs) {
      DocumentTruth doc_truth;
      doc_truth.kind = doc.kind;
      doc_truth.title = doc.title;
      SOHOA_ASSIGN_OR_RETURN(std::vector<RenderedPage> pages,
                             RenderDocument(doc.layout, style, fonts_));
      for (RenderedPage& page : pages) {
        std::uint64_t page_seed =
            Rng::Derive(Rng::Derive(seed, kPages + i), static_cast<std::uint64_t>(k));
        PagePlan plan = PlanPage(page_seed, options_.degrade, form, tiff);
        PixPtr composed = Compose(page, plan.look);
        if (!composed) return Internal("out of memory composing a page");
        std::uint64_t noise_seed =
            Rng::Derive(Rng::Derive(seed, kNoise + i), static_cast<std::uint64_t>(k));
        SOHOA_ASSIGN_OR_RETURN(PixPtr pix,
                               ApplyEffects(std::move(composed), plan.effects, noise_seed));

        PageTruth p;
        p.page_index = form == Form::kFolder ? 0 : k;
        if (stack_form == Form::kStack) p.page_index = stack_.pages + k;
        p.text = page.text;
        p.dpi = page.dpi;
        p.rotation = plan.effects.rotation;
        p.skew_degrees = plan.effects.skew_degrees;
        p.font = style.font;
        p.degradations = plan.effects.Names();
        bool turned = plan.effects.rotation == 90 || plan.effects.rotation == 270;
        p.width = turned ? page.height : page.width;
        p.height = turned ? page.width : page.height;
        p.color = plan.look.color;
        if (page.qr) {
          int side = page.qr->module_px * page.qr->modules;
          PixelBox box = TransformBox({page.qr->x, page.qr->y, side, side}, page.width, page.height,
                                      plan.effects);
          p.barcodes.push_back({"QR_CODE", page.qr->text, box.x, box.y, box.w, box.h});
        }

        if (form == Form::kFolder) {
          std::string file = Padded(k + 1, 2) + (plan.png ? ".png" : ".jpg");
          p.file = name + "/" + file;
          std::string bytes;
          if (plan.png) {
            SOHOA_ASSIGN_OR_RETURN(bytes, EncodePng(pix.get()));
          } else {
            SOHOA_ASSIGN_OR_RETURN(bytes, EncodeJpeg(pix.get(), plan.jpeg_quality));
            p.jpeg_quality = plan.jpeg_quality;
          }
          SOHOA_RETURN_IF_ERROR(WriteFileBytes(target / file, bytes));
        } else if (form == Form::kPdf) {
          p.file = truth.path;
          SOHOA_ASSIGN_OR_RETURN(std::string jpeg, EncodeJpeg(pix.get(), plan.jpeg_quality));
          p.jpeg_quality = plan.jpeg_quality;
          (stack_form == Form::kStack ? stack_.pdf_pages : pdf_pages)
              .push_back({std::move(jpeg), p.width, p.height, page.dpi});
        } else {
          p.file = truth.path;
          SOHOA_RETURN_IF_ERROR(AppendTiffPage(target, pix.get(), tiff, p.page_index == 0));
        }
        doc_truth.pages.push_back(std::move(p));
        ++k;
      }
      truth.documents.push_back(std::move(doc_truth));
    }
    if (stack_form == Form::kStack) {
      stack_.pages += k;
      ++stack_.dossiers;
    } else if (form == Form::kPdf) {
      SOHOA_RETURN_IF_ERROR(WriteImagePdf(target, pdf_pages, c.code, PdfDate(c)));
    }
    return truth;
  }

  // Writes the open stack's PDF, if any; its TIFF pages are already written.
  Status FinishStack() {
    if (stack_.number > 0 && stack_.pdf && !stack_.pdf_pages.empty()) {
      SOHOA_RETURN_IF_ERROR(WriteImagePdf(out_dir_ / stack_.path, stack_.pdf_pages,
                                          "stack " + Padded(stack_.number, 2), stack_.date));
    }
    stack_.pdf_pages.clear();
    return Status::Ok();
  }

 private:
  // Opens the next stack file when there is none or the open one is full.
  Status NextStack(const DossierContent& c) {
    if (stack_.number > 0 && stack_.dossiers < options_.stack_dossiers) return Status::Ok();
    SOHOA_RETURN_IF_ERROR(FinishStack());
    ++stack_.number;
    stack_.dossiers = 0;
    stack_.pages = 0;
    stack_.pdf = stack_.number % 2 == 1;
    stack_.path = "stack-" + Padded(stack_.number, 2) + (stack_.pdf ? ".pdf" : ".tif");
    stack_.date = PdfDate(c);
    std::error_code ec;
    fs::remove(out_dir_ / stack_.path, ec);
    return Status::Ok();
  }

  struct Stack {
    int number = 0;  // 1-based; 0: none open
    int dossiers = 0, pages = 0;
    bool pdf = true;
    std::string path, date;
    std::vector<PdfPageImage> pdf_pages;
  };
  Stack stack_;

 public:

 private:
  const Options& options_;
  const fs::path& out_dir_;
  const FontSession& fonts_;
  std::set<std::string>* codes_;
};

}  // namespace

std::string_view FormName(Form form) {
  switch (form) {
    case Form::kFolder:
      return "folder";
    case Form::kPdf:
      return "pdf";
    case Form::kTiff:
      return "tiff";
    case Form::kStack:
      return "stack";
  }
  return "folder";
}

Result<Form> ParseForm(std::string_view name) {
  if (name == "folder") return Form::kFolder;
  if (name == "pdf") return Form::kPdf;
  if (name == "tiff" || name == "tif") return Form::kTiff;
  if (name == "stack") return Form::kStack;
  return InvalidArgument("unknown format \"" + std::string(name) +
                         "\" (folder, pdf, tiff or stack)");
}

std::vector<std::string> DefaultFonts() {
  return {"DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif", "Noto Sans"};
}

Result<GroundTruth> Generate(const Options& options, const fs::path& out_dir) {
  const std::vector<Procedure>& catalog =
      options.catalog != nullptr ? *options.catalog : BuiltinProcedures();
  SOHOA_RETURN_IF_ERROR(Validate(options, catalog));
  SOHOA_ASSIGN_OR_RETURN(FontSession fonts, FontSession::Create(options.fonts));
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return IoError(out_dir.string() + ": cannot create: " + ec.message());
  SOHOA_RETURN_IF_ERROR(RemovePreviousRun(out_dir));

  GroundTruth truth;
  truth.seed = options.seed;
  truth.options.dossiers = options.dossiers;
  truth.options.fonts = options.fonts;
  truth.options.dpis = options.dpis;
  for (Form f : options.forms) truth.options.forms.emplace_back(FormName(f));
  truth.options.degrade = options.degrade;

  // Every procedure once before any repeats, in a seed-dependent order.
  std::vector<size_t> order(catalog.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Rng order_rng(Rng::Derive(options.seed, kProcedures));
  order_rng.Shuffle(order);

  std::set<std::string> codes;
  DossierWriter writer(options, out_dir, fonts, &codes);
  for (int i = 0; i < options.dossiers; ++i) {
    const Procedure& procedure = catalog[order[static_cast<size_t>(i) % order.size()]];
    Result<DossierTruth> dossier = writer.Write(i, procedure);
    if (!dossier.ok()) return dossier.status().WithContext("dossier " + std::to_string(i + 1));
    truth.dossiers.push_back(std::move(dossier).value());
  }
  SOHOA_RETURN_IF_ERROR(writer.FinishStack());
  if (options.books > 0) {
    truth.options.books = options.books;
    truth.options.entries_per_page = options.entries_per_page;
    truth.options.book_pages = options.book_pages;
    std::set<std::string> book_ids;
    for (int i = 0; i < options.books; ++i) {
      Result<BookTruth> book = WriteBook(options, i, out_dir, &book_ids);
      if (!book.ok()) return book.status().WithContext("register book " + std::to_string(i + 1));
      truth.books.push_back(std::move(book).value());
    }
  }
  SOHOA_RETURN_IF_ERROR(
      WriteFileBytes(out_dir / kRegisterFile, OneStopRegisterCsv(truth, options.seed, catalog)));
  SOHOA_RETURN_IF_ERROR(WriteFileBytes(out_dir / kTruthFile, ToJson(truth)));
  return truth;
}

}  // namespace sohoa::gen
