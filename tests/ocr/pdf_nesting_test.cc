// The look at a PDF's bytes before PoDoFo parses them: objects nested deeper
// than a scan ever nests them are refused, and nothing inside strings,
// streams or comments counts as nesting.
#include "ocr/pdf_nesting.h"

#include <gtest/gtest.h>

#include "ocr/page_source.h"
#include "tests/hostile_files.h"
#include "tests/ocr/pdf_builder.h"

namespace sohoa::ocr {
namespace {

TEST(PdfNestingTest, ObjectsNestedDeeperThanTheLimitAreRefusedSayingSo) {
  for (int depth : {1000, 20000}) {
    Status s = CheckPdfNesting(testing::DeeplyNestedPdf(depth));
    EXPECT_EQ(s.code(), StatusCode::kCorrupt) << depth;
    EXPECT_NE(s.message().find("nested too deeply"), std::string::npos) << s.message();
  }
  // What PoDoFo would have crashed on is refused before it parses anything.
  auto reader = PageReader::OpenBytes(testing::DeeplyNestedPdf(20000));
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("nested too deeply"), std::string::npos);
}

TEST(PdfNestingTest, TheLimitIsOnDepthNotOnHowManyObjectsThereAre) {
  EXPECT_TRUE(CheckPdfNesting(testing::DeeplyNestedPdf(200)).ok());
  std::string many = "%PDF-1.4\n";
  for (int i = 0; i < 5000; ++i) many += "1 0 obj << /A << /B [1 2 [3]] >> >> endobj\n";
  EXPECT_TRUE(CheckPdfNesting(many).ok());
}

TEST(PdfNestingTest, BracketsInStringsStreamsAndCommentsAreNotNesting) {
  const std::string brackets(2000, '[');
  const std::string angles = std::string(1000, '<') + std::string(1000, '<');
  std::string pdf = "%PDF-1.4\n% " + angles + "\n";
  pdf += "1 0 obj << /T (" + brackets + " \\) still a string " + angles + ") >> endobj\n";
  pdf += "2 0 obj << /Length 4000 >>\nstream\n" + brackets + angles + "\nendstream\nendobj\n";
  pdf += "3 0 obj << /H <4142434445> >> endobj\n";
  EXPECT_TRUE(CheckPdfNesting(pdf).ok()) << CheckPdfNesting(pdf).message();
}

TEST(PdfNestingTest, AnOrdinaryScannedPdfPasses) {
  testing::PdfImagePage page;
  page.image_dict = "/Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8";
  page.image_data = std::string(1, '\x80');
  EXPECT_TRUE(CheckPdfNesting(testing::BuildImagePdf({page, page})).ok());
}

}  // namespace
}  // namespace sohoa::ocr
