#include "tools/gen/documents.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "schema/dossier.h"
#include "schema/text.h"

namespace sohoa::gen {
namespace {

constexpr double kContentMm = 165;  // A4 minus the 30 mm and 15 mm side margins

TextStyle St(double scale = 1, bool bold = false, bool italic = false, Align align = Align::kLeft) {
  TextStyle s;
  s.scale = scale;
  s.bold = bold;
  s.italic = italic;
  s.align = align;
  return s;
}
TextStyle Centered(double scale = 1, bool bold = false, bool italic = false) {
  return St(scale, bold, italic, Align::kCenter);
}
TextStyle Ruled(TextStyle s) {
  s.rule_below = true;
  return s;
}
TextStyle Indented(TextStyle s, double mm) {
  s.indent_mm = mm;
  return s;
}

Para P(std::string text, TextStyle style = {}, double before_mm = 0) {
  Para p;
  p.text = std::move(text);
  p.style = style;
  p.space_before_mm = before_mm;
  return p;
}

// "Label: value", the value bold when it is a name someone filled in.
Para Labeled(const std::string& label, const std::string& value, bool bold_value = false,
             TextStyle style = {}) {
  Para p = P(label + ": " + value, style);
  if (bold_value)
    p.bold.emplace_back(static_cast<int>(label.size() + 2), static_cast<int>(p.text.size()));
  return p;
}

// Adds a field's line to `body`, or to the end of the previous line when the
// field shares it ("Giới tính: Nữ    Dân tộc: Kinh").
void AddField(const SubjectField& f, bool bold_value, std::vector<Para>* body) {
  if (f.same_line && !body->empty() && body->back().gap_mm == 0) {
    Para& prev = body->back();
    prev.text += "\t" + f.label + ": ";
    int start = static_cast<int>(prev.text.size());
    prev.text += f.value;
    if (bold_value) prev.bold.emplace_back(start, static_cast<int>(prev.text.size()));
    return;
  }
  body->push_back(Labeled(f.label, f.value, bold_value));
}

Para Gap(double mm, Mark mark) {
  Para p;
  p.gap_mm = mm;
  p.mark = mark;
  return p;
}

Cell At(double x_mm, double width_mm, std::vector<Para> paras) {
  Cell c;
  c.x_mm = x_mm;
  c.width_mm = width_mm;
  c.paras = std::move(paras);
  return c;
}
Cell CardCell(double x_mm, double y_mm, double width_mm, std::vector<Para> paras) {
  Cell c = At(x_mm, width_mm, std::move(paras));
  c.y_mm = y_mm;
  return c;
}

Row One(Para p, double before_mm = 0) {
  Row r;
  r.cells.push_back(At(0, 0, {std::move(p)}));
  r.space_before_mm = before_mm;
  return r;
}

Row Columns(std::vector<Cell> cells, double before_mm = 0) {
  Row r;
  r.cells = std::move(cells);
  r.space_before_mm = before_mm;
  return r;
}

// The top-left block: the parent body in plain capitals, the issuing body
// in bold with a short rule under it.
Cell AgencyCell(const std::vector<std::string>& lines, double x_mm, double width_mm,
                std::vector<Para> extra = {}, double scale = 0.88) {
  std::vector<Para> paras;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool last = i + 1 == lines.size();
    TextStyle s = Centered(scale, i > 0 || lines.size() == 1);
    paras.push_back(P(lines[i], last ? Ruled(s) : s));
  }
  for (auto& p : extra) paras.push_back(std::move(p));
  return At(x_mm, width_mm, std::move(paras));
}

std::vector<Para> Motto(double scale = 0.9) {
  TextStyle motto = Ruled(Centered(scale + 0.05, true));
  motto.rule_fraction = 1.0;
  return {P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Centered(scale, true)),
          P("Độc lập - Tự do - Hạnh phúc", motto)};
}

Cell MottoCell(double x_mm, double width_mm, std::vector<Para> extra = {}, double scale = 0.9) {
  std::vector<Para> paras = Motto(scale);
  for (auto& p : extra) paras.push_back(std::move(p));
  return At(x_mm, width_mm, std::move(paras));
}

Cell SignatureCell(double x_mm, double width_mm, std::vector<std::string> titles,
                   const std::string& hint, Mark mark, const std::string& name,
                   std::vector<Para> before = {}) {
  std::vector<Para> paras = std::move(before);
  for (auto& t : titles) paras.push_back(P(std::move(t), Centered(1, true)));
  if (!hint.empty()) paras.push_back(P(hint, Centered(0.92, false, true)));
  paras.push_back(Gap(mark == Mark::kSignatureAndStamp ? 24 : 20, mark));
  paras.push_back(P(name, Centered(1, true)));
  return At(x_mm, width_mm, std::move(paras));
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

char MrzCheck(const std::string& s) {
  static const int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : 0;
    sum += v * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

std::string Pad(std::string s, size_t n) {
  if (s.size() > n) s.resize(n);
  s.append(n - s.size(), '<');
  return s;
}

}  // namespace

std::vector<std::string> MachineReadableZone(const Person& p, const Date& expiry) {
  std::string document = p.citizen_id.substr(3);
  std::string line1 = "IDVNM" + document + MrzCheck(document) + p.citizen_id + "<<";
  line1 += MrzCheck(p.citizen_id);
  std::string birth = FormatYyMmDd(p.birth), until = FormatYyMmDd(expiry);
  std::string line2 = birth + MrzCheck(birth) + (p.female ? "F" : "M") + until + MrzCheck(until) +
                      "VNM" + std::string(11, '<');
  line2 +=
      MrzCheck(line1.substr(5) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11));
  std::string name = AsciiUpper(p.name);
  size_t space = name.find(' ');
  std::string given = name.substr(space + 1);
  for (char& ch : given) {
    if (ch == ' ') ch = '<';
  }
  std::string line3 = Pad(name.substr(0, space) + "<<" + given, 30);
  return {Pad(line1, 30), Pad(line2, 30), line3};
}

DocumentLayout BuildReceipt(Rng& rng, const DossierContent& c) {
  DocumentLayout d;
  const Agency& a = c.agency;
  std::vector<std::string> header = {"ỦY BAN NHÂN DÂN", UpperVi(a.unit)};
  if (a.level == "tinh")
    header = {"ỦY BAN NHÂN DÂN " + UpperVi(a.unit), "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"};
  else if (rng.Chance(0.5))
    header.push_back("BỘ PHẬN MỘT CỬA");
  // The one-stop system prints the code as a QR in a top corner.
  Cell qr;
  qr.qr_text = c.code;
  qr.qr_mm = rng.Real(18, 23);
  qr.width_mm = qr.qr_mm;
  double gap = 3, agency_w = 58, motto_w = kContentMm - agency_w - qr.qr_mm - gap;
  if (rng.Chance(0.5)) {
    d.elements.push_back(Columns({qr, AgencyCell(header, qr.qr_mm + gap, agency_w, {}, 0.84),
                                  MottoCell(qr.qr_mm + gap + agency_w, motto_w, {}, 0.84)}));
  } else {
    qr.x_mm = kContentMm - qr.qr_mm;
    d.elements.push_back(Columns(
        {AgencyCell(header, 0, agency_w, {}, 0.84), MottoCell(agency_w, motto_w, {}, 0.84), qr}));
  }

  d.elements.push_back(One(P("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", Centered(1.12, true)), 9));
  Para code = P("Mã hồ sơ: " + c.code, Centered(1.02, true));
  d.elements.push_back(One(code, 1));

  std::vector<Para> body;
  body.push_back(P(a.desk + " tiếp nhận hồ sơ của:", St(), 4));
  body.push_back(Labeled("Ông/Bà", c.applicant_printed, true));
  body.push_back(Labeled("Số định danh cá nhân", c.applicant.citizen_id));
  body.push_back(Labeled("Địa chỉ", c.applicant.residence.Full()));
  body.push_back(Labeled("Số điện thoại", c.applicant.phone));
  body.push_back(Labeled("Nội dung yêu cầu giải quyết", c.procedure->name));
  if (c.print_procedure_code) body.push_back(Labeled("Mã thủ tục", c.procedure->code));
  body.push_back(P("1. Thành phần hồ sơ nộp gồm:"));
  std::vector<std::pair<std::string, std::string>> components = {
      {SentenceCase(c.form_title), "01 bản chính"}, {"Bản sao Căn cước công dân", "01 bản sao"}};
  for (const auto& s : c.subject.components) components.emplace_back(s, "01 bản");
  for (const auto& [what, how] : components) {
    body.push_back(P("- " + what + ": " + how, Indented(St(), 6)));
  }
  body.push_back(P("2. Số lượng hồ sơ: 01 (bộ)."));
  body.push_back(P("3. Thời gian giải quyết hồ sơ theo quy định là: " +
                   TwoDigits(c.subject.working_days) + " ngày làm việc."));
  body.push_back(P("4. Thời gian nhận hồ sơ: " + TwoDigits(c.received_hour) + " giờ " +
                   TwoDigits(c.received_minute) + " phút, ngày " + FormatDmy(c.received) + "."));
  body.push_back(P("5. Thời gian trả kết quả giải quyết hồ sơ: " + TwoDigits(c.appointment_hour) +
                   " giờ 00 phút, ngày " + FormatDmy(c.appointment) + "."));
  body.push_back(P("6. Đăng ký nhận kết quả tại: " + c.delivery + "."));
  body.push_back(P("Vào Sổ theo dõi hồ sơ, Quyển số: " + TwoDigits(c.book_number) +
                       ", Số thứ tự: " + std::to_string(c.book_sequence) + ".",
                   St(0.95, false, true)));
  for (auto& p : body) d.elements.push_back(One(std::move(p)));

  d.elements.push_back(
      Columns({SignatureCell(0, 78, {"NGƯỜI NỘP HỒ SƠ"}, "(Ký và ghi rõ họ tên)", Mark::kSignature,
                             c.applicant_printed),
               SignatureCell(85, 80, {"NGƯỜI TIẾP NHẬN HỒ SƠ"}, "(Ký và ghi rõ họ tên)",
                             Mark::kSignature, c.Show(c.officer))},
              6));
  return d;
}

DocumentLayout BuildForm(Rng& rng, const DossierContent& c) {
  DocumentLayout d;
  const Subject& s = c.subject;
  d.elements.push_back(Columns({At(0, 0, Motto(0.95))}));
  d.elements.push_back(One(P(c.form_title, Centered(1.12, true)), 8));
  std::string authority = s.authority.empty() ? "Ủy ban nhân dân " + c.agency.unit : s.authority;
  d.elements.push_back(One(P("Kính gửi: " + authority, Centered()), 4));

  std::vector<Para> body;
  body.push_back(Labeled("Họ, chữ đệm, tên người yêu cầu", c.applicant_printed, true));
  body.back().space_before_mm = 4;
  body.push_back(Labeled("Ngày, tháng, năm sinh", FormatDmy(c.applicant.birth)));
  body.push_back(Labeled("Số định danh cá nhân", c.applicant.citizen_id));
  body.push_back(Labeled("Nơi cư trú", c.applicant.residence.Full()));
  if (!s.relation.empty()) body.push_back(P(s.relation));
  if (!s.intro.empty()) body.push_back(P(s.intro, St(), 1.5));
  for (const SubjectField& f : s.fields) {
    if (!f.on_form) continue;
    if (f.key.empty()) {
      body.push_back(P(f.label, St(1, true), 1));
    } else {
      AddField(f, f.key == "name" || f.key.ends_with("_name"), &body);
    }
  }
  bool first = true;
  for (const auto& line : s.pledge) {
    body.push_back(P(line, Indented(St(1, false, false, Align::kJustify), 10), first ? 2.5 : 0));
    first = false;
  }
  for (auto& p : body) d.elements.push_back(One(std::move(p)));

  std::string place =
      (rng.Chance(0.4) ? "Làm tại: " : "") + c.agency.place + ", " + FormatLong(c.form_date);
  d.elements.push_back(Columns(
      {SignatureCell(45, 120, {"NGƯỜI YÊU CẦU"}, "(Ký, ghi rõ họ, chữ đệm, tên)", Mark::kSignature,
                     c.applicant_printed, {P(place, Centered(0.95, false, true))})},
      5));
  return d;
}

DocumentLayout BuildIdCopy(Rng& rng, const DossierContent& c) {
  DocumentLayout d;
  const Person& p = c.applicant;
  double zoom = rng.Real(1.35, 1.7);
  TextStyle small = St(0.85), value = St(0.95, true);

  Card front;
  front.zoom = zoom;
  front.emblems.push_back({3, 3, 12, 12});
  front.photos.push_back({3, 19, 19, 25});
  front.cells.push_back(CardCell(
      16, 2.2, 68,
      {P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Centered(0.9, true)),
       P("SOCIALIST REPUBLIC OF VIET NAM", Centered(0.75)),
       P("Độc lập - Tự do - Hạnh phúc", Centered(0.85, true)),
       P("Independence - Freedom - Happiness", Centered(0.75)),
       P("CĂN CƯỚC CÔNG DÂN", Centered(1.3, true)), P("Citizen Identity Card", Centered(0.8))}));
  std::string expiry = c.id_expiry ? FormatDmy(*c.id_expiry) : "Không thời hạn";
  front.cells.push_back(
      CardCell(24, 19, 60,
               {Labeled("Số / No.", p.citizen_id, true, St(1.1)),
                P("Họ và tên / Full name:", small), P(UpperVi(p.name), value),
                Labeled("Ngày sinh / Date of birth", FormatDmy(p.birth), false, small),
                P("Giới tính / Sex: " + p.Sex() + "\tQuốc tịch / Nationality: Việt Nam", small),
                P("Quê quán / Place of origin:", small), P(p.home_town_short, small),
                P("Nơi thường trú / Place of residence: " + p.residence.Short(), small)}));
  front.cells.push_back(CardCell(1.5, 45.5, 23,
                                 {P("Có giá trị đến: " + expiry, Centered(0.7)),
                                  P("Date of expiry", Centered(0.7, false, true))}));

  Card back;
  back.zoom = zoom;
  back.space_before_mm = rng.Real(6, 14);
  back.frames.push_back({52, 4, 14, 18});
  back.frames.push_back({68, 4, 14, 18});
  back.signatures.push_back({12, 27, 26, 6});
  back.cells.push_back(CardCell(
      3, 3, 47,
      {P("Đặc điểm nhân dạng / Personal identification:", small), P(c.id_feature, small),
       P("Ngày, tháng, năm / Date, month, year: " + FormatDmy(c.id_issued), small),
       P("CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", Centered(0.75, true))}));
  back.cells.push_back(
      CardCell(3, 33.5, 47, {P(UpperVi(MakeName(rng, false)), Centered(0.8, true))}));
  back.cells.push_back(
      CardCell(50, 22.5, 34,
               {P("Ngón trỏ trái\tNgón trỏ phải", St(0.62)),
                P("Left index finger\tRight index finger", St(0.55, false, true))}));
  Date mrz_expiry = c.id_expiry ? *c.id_expiry : MakeDate(2099, 12, 31);
  std::vector<Para> mrz;
  for (auto& line : MachineReadableZone(p, mrz_expiry)) {
    TextStyle s = St(1.45);
    s.mono = true;
    mrz.push_back(P(std::move(line), s));
  }
  back.cells.push_back(CardCell(4, 39.5, 80, std::move(mrz)));

  d.elements.push_back(std::move(front));
  d.elements.push_back(std::move(back));

  if (zoom < 1.55 && rng.Chance(0.6)) {
    // A certified copy ("chứng thực bản sao đúng với bản chính").
    std::string date = FormatLong(c.form_date);
    date[0] = 'N';
    std::string number = std::to_string(rng.Int(10, 900));
    std::string book = std::to_string(rng.Int(1, 4));
    std::string officer = c.Show(MakeName(rng, rng.Chance(0.4)));
    d.elements.push_back(
        Columns({At(0, 80,
                    {P("CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", Centered(0.9, true)),
                     P("Số chứng thực: " + number + ", Quyển số: 0" + book + "/" +
                           std::to_string(YearOf(c.form_date)) + "-SCT/BS",
                       Centered(0.85)),
                     P(date, Centered(0.85, false, true))}),
                 SignatureCell(82, 83, {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, "",
                               Mark::kSignatureAndStamp, officer)},
                8));
  }
  return d;
}

DocumentLayout BuildResult(Rng& rng, const DossierContent& c) {
  DocumentLayout d;
  const Subject& s = c.subject;
  std::vector<std::string> header =
      s.issuer_header.empty() ? std::vector<std::string>{"ỦY BAN NHÂN DÂN", UpperVi(c.agency.unit)}
                              : s.issuer_header;
  std::string number = "Số: " + std::to_string(c.result_number) + "/" +
                       std::to_string(YearOf(c.result_date)) +
                       (s.number_suffix.empty() ? "" : "/" + s.number_suffix);
  std::string date = c.agency.place + ", " + FormatLong(c.result_date);
  d.elements.push_back(
      Columns({AgencyCell(header, 0, 68, {P(number, Centered(0.95), 1.5)}),
               MottoCell(66, kContentMm - 66, {P(date, Centered(0.95, false, true), 3)})}));
  d.elements.push_back(One(P(c.result_title, Centered(1.2, true)), 12));

  std::vector<Para> body;
  bool first = true;
  for (const SubjectField& f : s.fields) {
    if (!f.on_result) continue;
    if (f.key.empty()) {
      body.push_back(P(f.label, St(1, true), first ? 6 : 1.5));
    } else {
      AddField(f, f.key == "name" || f.key.ends_with("_name") || f.key == "owner", &body);
      if (first) body.back().space_before_mm = 6;
    }
    first = false;
  }
  if (s.kind == "birth" || s.kind == "marriage" || s.kind == "death") {
    body.push_back(Labeled("Ngày, tháng, năm đăng ký", FormatDmy(c.result_date)));
  }
  for (auto& p : body) d.elements.push_back(One(std::move(p)));

  std::vector<std::string> titles = s.signer_title;
  if (titles.empty()) titles = {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"};
  std::vector<Cell> cells;
  if (rng.Chance(0.5)) {
    cells.push_back(At(0, 70,
                       {P("Nơi nhận:", St(0.85, true, true)), P("- Như trên;", St(0.8)),
                        P("- Lưu: VT.", St(0.8))}));
  }
  cells.push_back(SignatureCell(72, 93, titles, "", Mark::kSignatureAndStamp, c.Show(c.signer)));
  d.elements.push_back(Columns(std::move(cells), 8));
  return d;
}

std::vector<DocumentPlan> BuildDocuments(Rng& rng, const DossierContent& content) {
  std::vector<DocumentPlan> docs;
  docs.push_back(
      {kKindReceipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", BuildReceipt(rng, content)});
  docs.push_back({kKindForm, content.form_title, BuildForm(rng, content)});
  docs.push_back({kKindIdCopy, "CĂN CƯỚC CÔNG DÂN", BuildIdCopy(rng, content)});
  if (content.has_result) {
    docs.push_back({kKindResult, content.result_title, BuildResult(rng, content)});
  }
  return docs;
}

namespace {

void AddParagraphs(const std::vector<Cell>& cells, std::vector<std::string>* out) {
  for (const auto& cell : cells) {
    for (const auto& para : cell.paras) {
      if (para.text.empty()) continue;
      std::string text = para.text;
      std::replace(text.begin(), text.end(), '\t', ' ');
      out->push_back(std::move(text));
    }
  }
}

bool HasCatalogCode(const std::string& line) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i + 8 <= line.size(); ++i) {
    if (digit(line[i]) && line[i + 1] == '.' &&
        std::all_of(line.begin() + static_cast<long>(i) + 2, line.begin() + static_cast<long>(i) + 8, digit)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> ParagraphsOf(const DocumentLayout& layout) {
  std::vector<std::string> out;
  for (const auto& element : layout.elements) {
    if (const auto* row = std::get_if<Row>(&element)) AddParagraphs(row->cells, &out);
    if (const auto* card = std::get_if<Card>(&element)) AddParagraphs(card->cells, &out);
  }
  return out;
}

std::vector<std::string> DossierTexts(std::uint64_t seed, const Procedure& procedure,
                                      const std::vector<Procedure>& catalog, bool unnamed) {
  std::vector<std::string> names;
  for (const auto& p : catalog) {
    names.push_back(FoldForSearch(p.name));
    for (const auto& t : p.form_titles) names.push_back(FoldForSearch(t));
    for (const auto& t : p.result_titles) names.push_back(FoldForSearch(t));
  }
  auto names_one = [&](const std::string& line) {
    if (HasCatalogCode(line)) return true;
    std::string folded = FoldForSearch(line);
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return folded.find(n) != std::string::npos; });
  };
  Rng rng(seed);
  DossierContent content = MakeContent(rng, procedure);
  std::vector<std::string> texts;
  for (const auto& doc : BuildDocuments(rng, content)) {
    if (unnamed && doc.kind == kKindReceipt) continue;
    std::string text;
    for (const auto& line : ParagraphsOf(doc.layout)) {
      if (!unnamed || !names_one(line)) text += line + "\n";
    }
    if (!text.empty()) texts.push_back(std::move(text));
  }
  return texts;
}

}  // namespace sohoa::gen
