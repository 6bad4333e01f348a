#include <gtest/gtest.h>

#include "platform/text/csv.hpp"
#include "platform/text/data_class.hpp"
#include "platform/text/identifiers.hpp"
#include "platform/text/masking.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::text {
namespace {

TimestampMs at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

const TimestampMs kNow = at("2024-06-15T02:00:00Z");  // 10:00 on 15 June 2024 in Beijing

TEST(ResidentId, AcceptsValidNumbers) {
  EXPECT_TRUE(valid_resident_id("11010519491231002X", kNow));
  EXPECT_TRUE(valid_resident_id("11010519491231002x", kNow));
  EXPECT_TRUE(valid_resident_id("510108199001011236", kNow));
  EXPECT_TRUE(valid_resident_id("110105199602290011", kNow));
}

TEST(ResidentId, RefusesWrongCheckCharacters) {
  EXPECT_FALSE(valid_resident_id("110105194912310021", kNow));
  EXPECT_FALSE(valid_resident_id("510108199001011235", kNow));
  EXPECT_FALSE(valid_resident_id("510108199001011237", kNow));
  EXPECT_FALSE(valid_resident_id("51010819900101123X", kNow));
  EXPECT_EQ(resident_id_check_char("11010519491231002"), 'X');
  EXPECT_EQ(resident_id_check_char("51010819900101123"), '6');
  EXPECT_EQ(resident_id_check_char("5101081990010112"), std::nullopt);
}

TEST(ResidentId, RefusesMalformedInput) {
  EXPECT_FALSE(valid_resident_id("", kNow));
  EXPECT_FALSE(valid_resident_id("51010819900101123", kNow));    // 17 characters
  EXPECT_FALSE(valid_resident_id("5101081990010112366", kNow));  // 19 characters
  EXPECT_FALSE(valid_resident_id("510108199001011", kNow));      // old 15-digit form
  EXPECT_FALSE(valid_resident_id("5101081990O1011236", kNow));   // letter O
  EXPECT_FALSE(valid_resident_id(" 510108199001011236", kNow));  // not trimmed
  EXPECT_FALSE(valid_resident_id("51010819900101123Y", kNow));
}

TEST(ResidentId, ChecksLeapDays) {
  EXPECT_TRUE(valid_resident_id("440304200002291236", kNow));   // 2000 is a leap year
  EXPECT_FALSE(valid_resident_id("440304202302291237", kNow));  // 2023 is not
  EXPECT_FALSE(valid_resident_id("110105190002291239", kNow));  // 1900 is not (century rule)
  EXPECT_TRUE(valid_resident_id("110105199602290011", kNow));   // 1996 is
}

TEST(ResidentId, ChecksCalendarDates) {
  EXPECT_FALSE(valid_resident_id("110105194913010029", kNow));  // month 13
  EXPECT_FALSE(valid_resident_id("11010519490431002X", kNow));  // 31 April
  EXPECT_FALSE(valid_resident_id("110105189912311237", kNow));  // before 1900
}

TEST(ResidentId, RefusesFutureBirthDatesInChinaTime) {
  EXPECT_TRUE(valid_resident_id("110105202406151238", kNow));   // born today
  EXPECT_FALSE(valid_resident_id("110105202406161233", kNow));  // tomorrow
  EXPECT_FALSE(valid_resident_id("110105209912311232", kNow));
  // 17:00 UTC on 15 June is already 16 June in Beijing.
  EXPECT_TRUE(valid_resident_id("110105202406161233", at("2024-06-15T17:00:00Z")));
  EXPECT_FALSE(valid_resident_id("110105202406161233", at("2024-06-15T15:59:59Z")));
}

TEST(ResidentId, Normalises) {
  EXPECT_EQ(normalize_resident_id("  11010519491231002x \n"), "11010519491231002X");
  EXPECT_EQ(normalize_resident_id("510108199001011236"), "510108199001011236");
  EXPECT_TRUE(valid_resident_id(normalize_resident_id(" 11010519491231002x "), kNow));
}

TEST(Mobile, NormalisesCommonForms) {
  EXPECT_EQ(normalize_mobile("13812345678"), "13812345678");
  EXPECT_EQ(normalize_mobile("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(normalize_mobile("+8613812345678"), "13812345678");
  EXPECT_EQ(normalize_mobile("86-138-1234-5678"), "13812345678");
  EXPECT_EQ(normalize_mobile("008613812345678"), "13812345678");
  EXPECT_EQ(normalize_mobile(" 199 0000 1111 "), "19900001111");
  EXPECT_EQ(normalize_mobile("138-1234-5678"), "13812345678");
}

TEST(Mobile, RefusesInvalidNumbers) {
  EXPECT_EQ(normalize_mobile(""), std::nullopt);
  EXPECT_EQ(normalize_mobile("12812345678"), std::nullopt);   // second digit 2
  EXPECT_EQ(normalize_mobile("23812345678"), std::nullopt);   // does not start with 1
  EXPECT_EQ(normalize_mobile("1381234567"), std::nullopt);    // 10 digits
  EXPECT_EQ(normalize_mobile("138123456789"), std::nullopt);  // 12 digits
  EXPECT_EQ(normalize_mobile("1381234567a"), std::nullopt);
  EXPECT_EQ(normalize_mobile("+1 13812345678"), std::nullopt);
  EXPECT_EQ(normalize_mobile("010-12345678"), std::nullopt);  // landline
  EXPECT_EQ(normalize_mobile("+86 128 1234 5678"), std::nullopt);
}

TEST(BankCard, LuhnPositives) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_TRUE(luhn_valid("79927398713"));
  EXPECT_TRUE(luhn_valid("6228480402564890018"));
  EXPECT_TRUE(luhn_valid("6217000010000000003"));
}

TEST(BankCard, LuhnNegatives) {
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid("79927398710"));
  EXPECT_FALSE(luhn_valid("6222021234567890123"));
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("4111 1111 1111 1111"));
  EXPECT_FALSE(luhn_valid("411111111111111a"));
}

TEST(BankCard, NormalisesByLengthNotLuhn) {
  EXPECT_EQ(normalize_bank_card("6222 0212 3456 7890 123"), "6222021234567890123");
  EXPECT_EQ(normalize_bank_card("4111-1111-1111-1111"), "4111111111111111");
  EXPECT_EQ(normalize_bank_card("6222021234567890123"), "6222021234567890123");  // Luhn fails, still accepted
  EXPECT_EQ(normalize_bank_card("123456789012"), "123456789012");                // 12 digits
  EXPECT_EQ(normalize_bank_card("12345678901"), std::nullopt);                   // 11 digits
  EXPECT_EQ(normalize_bank_card("12345678901234567890"), std::nullopt);          // 20 digits
  EXPECT_EQ(normalize_bank_card("6222O21234567890123"), std::nullopt);
  EXPECT_EQ(normalize_bank_card(""), std::nullopt);
}

TEST(Masking, ExactFormats) {
  EXPECT_EQ(mask_resident_id("11010519491231002X"), "110***********002X");
  EXPECT_EQ(mask_mobile("13812345678"), "138****5678");
  EXPECT_EQ(mask_bank_card("6222021234567890123"), "622202*********0123");
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_address("北京市朝阳区建国路88号院3号楼2单元501"), "北京市朝阳区****");
  EXPECT_EQ(mask_email("zhang.san@example.com"), "z***@example.com");
}

TEST(Masking, ResidentIdAndMobileVariants) {
  EXPECT_EQ(mask_resident_id(" 11010519491231002x"), "110***********002X");
  EXPECT_EQ(mask_resident_id("510108199001011236"), "510***********1236");
  EXPECT_EQ(mask_resident_id("510108199001011"), "***************");
  EXPECT_EQ(mask_resident_id("ABC"), "***");
  EXPECT_EQ(mask_mobile("+86 138 1234 5678"), "138****5678");
  EXPECT_EQ(mask_mobile("12345"), "*****");
  EXPECT_EQ(mask_bank_card("4111 1111 1111 1111"), "411111******1111");
  EXPECT_EQ(mask_bank_card("123456789012"), "123456**9012");
  EXPECT_EQ(mask_bank_card("1234"), "****");
}

TEST(Masking, Names) {
  EXPECT_EQ(mask_name("王"), "*");
  EXPECT_EQ(mask_name("司马相如"), "司***");
  EXPECT_EQ(mask_name("买买提·艾力"), "买*****");
  EXPECT_EQ(mask_name("Li Lei"), "L*****");
  EXPECT_EQ(mask_name(" 张三 "), "张*");
  EXPECT_EQ(mask_name(""), "");
}

TEST(Masking, Addresses) {
  EXPECT_EQ(mask_address("广东省深圳市南山区科技园南区8栋"), "广东省深圳市南山区****");
  EXPECT_EQ(mask_address("上海市浦东新区张江路100号"), "上海市浦东新区****");
  EXPECT_EQ(mask_address("内蒙古自治区鄂尔多斯市伊金霍洛旗阿勒腾席热镇"), "内蒙古自治区鄂尔多斯市伊金霍洛旗****");
  EXPECT_EQ(mask_address("新疆维吾尔自治区乌鲁木齐市天山区光明路1号"), "新疆维吾尔自治区乌鲁木齐市天山区****");
  EXPECT_EQ(mask_address("河北省保定市涞水县城关镇"), "河北省保定市涞水县****");
  EXPECT_EQ(mask_address("江苏省苏州市昆山市玉山镇前进西路1号"), "江苏省苏州市昆山市****");
  EXPECT_EQ(mask_address("北京朝阳区建国路88号"), "北京朝阳区****");
  EXPECT_EQ(mask_address("贵州省贵阳市南明区花果园"), "贵州省贵阳市南明区****");
  EXPECT_EQ(mask_address("云南省西双版纳傣族自治州景洪市勐罕镇"), "云南省西双版纳傣族自治州景洪市****");
}

TEST(Masking, AddressesWithoutDistrictKeepSixCharacters) {
  EXPECT_EQ(mask_address("江苏省昆山市玉山镇前进西路1号"), "江苏省昆山市****");
  EXPECT_EQ(mask_address("建国路88号院3号楼2单元501"), "建国路88号****");
}

TEST(Masking, AddressesNeverComeBackWhole) {
  EXPECT_EQ(mask_address("浙江省杭州市西湖区"), "浙江省杭州市****");
  EXPECT_EQ(mask_address("建国路1号"), "建国****");
  EXPECT_NE(mask_address("朝阳区"), "朝阳区");
  EXPECT_EQ(mask_address(""), "");
}

TEST(Masking, Emails) {
  EXPECT_EQ(mask_email("a@b.cn"), "a***@b.cn");
  EXPECT_EQ(mask_email("张三@例子.中国"), "张***@例子.中国");
  EXPECT_EQ(mask_email("no-at-sign"), "**********");
  EXPECT_EQ(mask_email("@example.com"), "************");
  EXPECT_EQ(mask_email("user@"), "*****");
}

TEST(Masking, MalformedUtf8BecomesStars) {
  const std::string bad = "\xE5\xAE";  // truncated sequence
  EXPECT_EQ(mask_name(bad), "**");
  EXPECT_EQ(mask_address("北京市" + bad), std::string(bad.size() + 9, '*'));
  EXPECT_EQ(mask_email("x" + bad + "@a.cn"), "********");
  EXPECT_EQ(mask_mobile("\xFF\xFE"), "**");
}

TEST(Masking, DispatchesByKind) {
  EXPECT_EQ(mask_value(PiiKind::kName, "张三"), "张*");
  EXPECT_EQ(mask_value(PiiKind::kResidentId, "11010519491231002X"), "110***********002X");
  EXPECT_EQ(mask_value(PiiKind::kMobile, "13812345678"), "138****5678");
  EXPECT_EQ(mask_value(PiiKind::kBankCard, "6222021234567890123"), "622202*********0123");
  EXPECT_EQ(mask_value(PiiKind::kAddress, "北京市朝阳区建国路88号"), "北京市朝阳区****");
  EXPECT_EQ(mask_value(PiiKind::kEmail, "zhang.san@example.com"), "z***@example.com");
  EXPECT_EQ(mask_value(PiiKind::kHealth, "高血压"), "******");
  EXPECT_EQ(mask_value(PiiKind::kFreeText, "任意备注"), "******");
  EXPECT_EQ(mask_value(PiiKind::kNone, "公开信息"), "公开信息");
}

TEST(DataClasses, SensitiveAndCoreAreEncrypted) {
  EXPECT_FALSE(encrypted_at_rest(DataClass::kPublic));
  EXPECT_FALSE(encrypted_at_rest(DataClass::kGeneral));
  EXPECT_TRUE(encrypted_at_rest(DataClass::kSensitive));
  EXPECT_TRUE(encrypted_at_rest(DataClass::kCore));
  const FieldSpec spec{.name = "mobile", .data_class = DataClass::kSensitive, .kind = PiiKind::kMobile};
  EXPECT_EQ(mask_value(spec.kind, "13812345678"), "138****5678");
}

TEST(Utf8, SplitsCharacters) {
  auto chars = utf8_chars("安心ab😀");
  ASSERT_TRUE(chars);
  ASSERT_EQ(chars->size(), 5u);
  EXPECT_EQ((*chars)[0], "安");
  EXPECT_EQ((*chars)[4], "😀");
  EXPECT_FALSE(utf8_chars("\xC0\xAF"));          // overlong
  EXPECT_FALSE(utf8_chars("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(utf8_chars("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(trim_ascii("  a b \n"), "a b");
  EXPECT_EQ(trim_ascii("   "), "");
}

TEST(Csv, ReadsQuotedFieldsLineBreaksAndByteOrderMarks) {
  CsvTable t;
  ASSERT_FALSE(parse_csv("\xEF\xBB\xBF姓名,备注\r\n\"王,秀英\",\"说\"\"好\"\"\n第二行\"\r\n\r\n李四,\n", t));
  EXPECT_EQ(t.encoding, "utf-8");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"姓名", "备注"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"王,秀英", "说\"好\"\n第二行"}));
  EXPECT_EQ(t.rows[2], (std::vector<std::string>{"李四", ""}));
  // The last record needs no line end; an empty quoted field is a field.
  ASSERT_FALSE(parse_csv("a,\"\"", t));
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"a", ""}));
}

TEST(Csv, ConvertsGbkAndRefusesWhatItCannotRead) {
  CsvTable t;
  ASSERT_FALSE(parse_csv("\xD5\xC5\xC8\xFD,\xB1\xA3\xBD\xE0\r\n", t));
  EXPECT_EQ(t.encoding, "gbk");
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"张三", "保洁"}));

  auto p = parse_csv("a,b\nc,\"open\nd,e\n", t);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->key, "csv.unterminated_quote");
  EXPECT_EQ(p->line, 2u);
  p = parse_csv("a,b\nc,d\"e\"\n", t);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->key, "csv.stray_quote");
  EXPECT_EQ(p->line, 2u);
  EXPECT_EQ(parse_csv("\"a\"b\n", t)->key, "csv.stray_quote");
  EXPECT_EQ(parse_csv(std::string("\xFF\xFE\x00\x41", 4), t)->key, "csv.encoding");

  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("plain"), "plain");
}

}  // namespace
}  // namespace anxin::text
