// The fields people search a dossier by, read from labelled lines of its
// pages, each with the document, page and box it was read from, a
// confidence, its evidence, and a review flag when a person should decide.
//   applicant_name, citizen_id, applicant_birth_date, subject_name,
//   received_date, appointment_date, form_date, result_date, result_number
#pragma once

#include <string>
#include <vector>

#include "ingest/page_lines.h"
#include "schema/dossier.h"

namespace sohoa::ingest {

// A field value below this confidence goes to review instead of being trusted.
inline constexpr float kFieldReviewBelow = 0.6f;

// One page of a dossier as field extraction sees it.
struct PageView {
  const std::vector<Line>* lines = nullptr;
  std::string kind;   // receipt | form | id_copy | result | other
  int document = 0;   // 1-based in the dossier
  int page = 0;       // 1-based in the document
};

// `code_date` is the received date the dossier code states (ISO, "" unknown).
std::vector<FieldValue> ExtractFields(const std::vector<PageView>& pages,
                                      const std::string& code_date);

// A 12-digit number read through OCR confusions (O→0, l→1, ...), spaces and
// dots dropped; "" when `text` is not one.
std::string CitizenIdFrom(std::string_view text);

}  // namespace sohoa::ingest
