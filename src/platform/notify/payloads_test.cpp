// Exact bytes of signatures, bodies and e-mails, against vectors computed outside anxin (Python's hmac, base64 and
// urllib; RFC 4231 and RFC 4648 test vectors).
#include "platform/notify/payloads.hpp"

#include <gtest/gtest.h>

#include "platform/notify/test_receivers.hpp"

namespace anxin::notify {
namespace {

TEST(Payloads, HmacBase64AndUrlEncodingMatchTheRfcs) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4648 section 10.
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(url_encode("a+b/c=d ~-._Z9"), "a%2Bb%2Fc%3Dd%20~-._Z9");
  EXPECT_EQ(url_encode("钉"), "%E9%92%89");
}

TEST(Payloads, DingTalkSignatureAndUrl) {
  // Python: base64.b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()), urllib.parse.quote_plus.
  EXPECT_EQ(dingtalk_sign(1700000000000, "SEC0123456789abcdef"), "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
  EXPECT_EQ(dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=abc", 1700000000000, "SEC0123456789abcdef"),
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
            "&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
  EXPECT_EQ(dingtalk_url("https://h/robot", 1700000000000, "SEC0123456789abcdef"),
            "https://h/robot?timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
  EXPECT_EQ(dingtalk_url("https://h/robot?access_token=abc", 1700000000000, ""), "https://h/robot?access_token=abc");
  EXPECT_EQ(nlohmann::json::parse(dingtalk_body("标题", "正文")),
            nlohmann::json::parse(R"({"msgtype":"markdown","markdown":{"title":"标题","text":"#### 标题\n\n正文"}})"));
}

TEST(Payloads, FeishuSignatureKeysTheHmacWithTheStringToSign) {
  // Python: base64.b64encode(hmac.new(f"{ts}\n{secret}".encode(), b"", sha256).digest()).
  EXPECT_EQ(feishu_sign(1700000000, "feishu-secret"), "OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=");
  EXPECT_EQ(nlohmann::json::parse(feishu_body("标题", "正文", 1700000000, "feishu-secret")),
            nlohmann::json::parse(R"({"timestamp":"1700000000","sign":"OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=",
                                      "msg_type":"text","content":{"text":"标题\n正文"}})"));
  EXPECT_EQ(nlohmann::json::parse(feishu_body("t", "b", 1700000000, "")),
            nlohmann::json::parse(R"({"msg_type":"text","content":{"text":"t\nb"}})"));
}

TEST(Payloads, WecomAndSmsBodies) {
  EXPECT_EQ(wecom_body("标题", "正文"), R"({"markdown":{"content":"**标题**\n正文"},"msgtype":"markdown"})");
  const std::string body = sms_body("13800000001", "", "hi", "incident.reported");
  EXPECT_EQ(body, R"({"template":"incident.reported","text":"hi","to":"13800000001"})");
  // Python: hmac.new(b"gateway-key", body, sha256).hexdigest().
  EXPECT_EQ(sms_signature("gateway-key", body), "9bc31090c50d7f3f1d3d85406d1e9cb67b2a6f236f39b0510d680cf9d4c1dfd9");
}

TEST(Payloads, RobotRepliesWithAnErrorCodeAreFailures) {
  EXPECT_TRUE(check_robot_reply(R"({"errcode":0,"errmsg":"ok"})").ok());
  EXPECT_TRUE(check_robot_reply(R"({"code":0,"msg":"success","data":{}})").ok());
  EXPECT_TRUE(check_robot_reply(R"({"StatusCode":0,"StatusMessage":"success"})").ok());
  EXPECT_TRUE(check_robot_reply("").ok());
  EXPECT_TRUE(check_robot_reply("accepted").ok());
  auto r = check_robot_reply(R"({"errcode":310000,"errmsg":"sign not match"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details["reason"], "errcode 310000");
  r = check_robot_reply(R"({"code":19021,"msg":"sign match fail"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details["reason"], "code 19021");
}

TEST(Payloads, MailboxesRefuseHeaderInjection) {
  auto m = parse_mailbox("安心平台 <noreply@anxin.example>");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->display_name, "安心平台");
  EXPECT_EQ(m->address, "noreply@anxin.example");
  m = parse_mailbox("\"Anxin\" <a@b.example>");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->display_name, "Anxin");
  EXPECT_TRUE(parse_mailbox("a@b.example"));
  EXPECT_FALSE(parse_mailbox("a@b.example\r\nBcc: x@y.example"));
  EXPECT_FALSE(parse_mailbox("Evil\r\nBcc: x@y <a@b.example>"));
  EXPECT_FALSE(parse_mailbox("no-at-sign"));
  EXPECT_FALSE(parse_mailbox("a@b@c"));
  EXPECT_FALSE(valid_address("a b@c.example"));
  EXPECT_FALSE(valid_address("a@c.example>"));
}

TEST(Payloads, HeaderWordsAreShortAndSplitBetweenCharacters) {
  EXPECT_EQ(encode_header_text("Incident reported"), "Incident reported");
  EXPECT_EQ(encode_header_text("事件上报：厨房燃气泄漏"), "=?UTF-8?B?5LqL5Lu25LiK5oql77ya5Y6o5oi/54eD5rCU5rOE5ryP?=");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "事件";
  const std::string encoded = encode_header_text(long_text);
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    // Each word decodes on its own to whole characters (3 bytes each here).
    EXPECT_EQ(testing::decode_header_words(word).size() % 3, 0u);
    ++words;
    start = end + 3;
  }
  EXPECT_GT(words, 1);
  EXPECT_EQ(testing::decode_header_words(encoded), long_text);
  // A header value that could be mistaken for encoded words, or holds a line break, is encoded.
  EXPECT_NE(encode_header_text("=?x?="), "=?x?=");
  EXPECT_EQ(testing::decode_header_words(encode_header_text("a\r\nBcc: x")), "a\r\nBcc: x");
}

TEST(Payloads, MailIsCrlfBase64WithEncodedHeaders) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(1700000000123), "Tue, 14 Nov 2023 22:13:20 +0000");
  std::string body;
  for (int i = 0; i < 30; ++i) body += "第" + std::to_string(i) + "行，请及时处理。\n";
  const std::string mail = render_mail({.from = {"安心平台", "noreply@anxin.example"},
                                        .to = "li@example.com",
                                        .subject = "事件上报：厨房燃气泄漏，请立即疏散并联系安全管理部门处理",
                                        .body = body,
                                        .date = 1700000000123,
                                        .message_id = "abc.1@anxin.example"});
  EXPECT_EQ(testing::header_of(mail, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(testing::decode_header_words(testing::header_of(mail, "From")), "安心平台 <noreply@anxin.example>");
  EXPECT_EQ(testing::header_of(mail, "To"), "<li@example.com>");
  EXPECT_EQ(testing::decode_header_words(testing::header_of(mail, "Subject")),
            "事件上报：厨房燃气泄漏，请立即疏散并联系安全管理部门处理");
  EXPECT_EQ(testing::header_of(mail, "Message-ID"), "<abc.1@anxin.example>");
  EXPECT_EQ(testing::header_of(mail, "MIME-Version"), "1.0");
  EXPECT_EQ(testing::header_of(mail, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(testing::header_of(mail, "Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(testing::base64_body_of(mail), body);
  // Every line ends in CRLF and none is longer than 78 characters.
  std::size_t pos = 0;
  while (pos < mail.size()) {
    const auto eol = mail.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos);
    EXPECT_LE(eol - pos, 76u);
    EXPECT_EQ(mail.substr(pos, eol - pos).find('\n'), std::string::npos);
    pos = eol + 2;
  }
  const std::string ascii = render_mail({.from = {"Anxin", "a@b.example"}, .to = "c@d.example", .subject = "Hi"});
  EXPECT_EQ(testing::header_of(ascii, "From"), "\"Anxin\" <a@b.example>");
  EXPECT_EQ(testing::header_of(ascii, "Subject"), "Hi");
}

TEST(Payloads, TemplatesFillKnownPlaceholdersAndKeepUnknownOnes) {
  const nlohmann::json params = {{"title", "燃气泄漏"}, {"level", 2}, {"none", nullptr}, {"a.b", "x"}};
  std::vector<std::string> missing;
  EXPECT_EQ(render_text("{title}：{level}级{none}，{a.b} {missing} {not a name} {}", params, &missing),
            "燃气泄漏：2级，x {missing} {not a name} {}");
  EXPECT_EQ(missing, std::vector<std::string>{"missing"});
  // Values are inserted as they are, never rendered again.
  EXPECT_EQ(render_text("{title}", {{"title", "{level}"}, {"level", 1}}, nullptr), "{level}");
}

}  // namespace
}  // namespace anxin::notify
