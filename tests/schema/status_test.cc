#include "schema/status.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  SOHOA_ASSIGN_OR_RETURN(int half, Half(n));
  SOHOA_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

TEST(StatusTest, ContextIsPrefixed) {
  Status s = Corrupt("JPEG data truncated").WithContext("scan.jpg");
  EXPECT_EQ(s.ToString(), "Corrupt: scan.jpg: JPEG data truncated");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

}  // namespace
}  // namespace sohoa
