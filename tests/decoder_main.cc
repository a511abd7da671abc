// main() of the test suites that read files through ocr::OpenIsolated: the
// decoder child is this same program started again, as in sohoa's own main().
#include <gtest/gtest.h>

#include "ocr/isolated_reader.h"

int main(int argc, char** argv) {
  sohoa::ocr::ServeIfDecoder(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
