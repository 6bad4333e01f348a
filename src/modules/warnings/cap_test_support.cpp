#include "modules/warnings/cap_test_support.hpp"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstring>
#include <memory>
#include <regex>
#include <set>
#include <stdexcept>

namespace anxin::warnings::testing {
namespace {

constexpr const char* kCapNs = "urn:oasis:names:tc:emergency:cap:1.2";
constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr int kMany = 1 << 30;

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
std::string str(const xmlChar* s) { return s == nullptr ? std::string{} : reinterpret_cast<const char*>(s); }

xmlDocPtr parse(const std::string& xml) {
  return xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cap.xml", "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

std::string content(xmlNodePtr n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string out = str(c);
  xmlFree(c);
  return out;
}

std::vector<xmlNodePtr> element_children(xmlNodePtr n) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

std::string name_of(xmlNodePtr n) { return str(n->name); }

bool in_ns(xmlNodePtr n, const char* ns) { return n->ns != nullptr && str(n->ns->href) == ns; }

/// One entry of a content model: a child element and how often it may occur.
struct Particle {
  const char* name;
  int min;
  int max;
};

const std::vector<Particle> kAlert = {{"identifier", 1, 1}, {"sender", 1, 1},   {"sent", 1, 1},  {"status", 1, 1},
                                      {"msgType", 1, 1},    {"source", 0, 1},   {"scope", 1, 1}, {"restriction", 0, 1},
                                      {"addresses", 0, 1},  {"code", 0, kMany}, {"note", 0, 1},  {"references", 0, 1},
                                      {"incidents", 0, 1},  {"info", 0, kMany}};
const std::vector<Particle> kInfo = {{"language", 0, 1},         {"category", 1, kMany}, {"event", 1, 1},
                                     {"responseType", 0, kMany}, {"urgency", 1, 1},      {"severity", 1, 1},
                                     {"certainty", 1, 1},        {"audience", 0, 1},     {"eventCode", 0, kMany},
                                     {"effective", 0, 1},        {"onset", 0, 1},        {"expires", 0, 1},
                                     {"senderName", 0, 1},       {"headline", 0, 1},     {"description", 0, 1},
                                     {"instruction", 0, 1},      {"web", 0, 1},          {"contact", 0, 1},
                                     {"parameter", 0, kMany},    {"resource", 0, kMany}, {"area", 0, kMany}};
const std::vector<Particle> kArea = {{"areaDesc", 1, 1},    {"polygon", 0, kMany}, {"circle", 0, kMany},
                                     {"geocode", 0, kMany}, {"altitude", 0, 1},    {"ceiling", 0, 1}};
const std::vector<Particle> kNamedValue = {{"valueName", 1, 1}, {"value", 1, 1}};
const std::vector<Particle> kResource = {{"resourceDesc", 1, 1}, {"mimeType", 1, 1}, {"size", 0, 1},
                                         {"uri", 0, 1},          {"derefUri", 0, 1}, {"digest", 0, 1}};

const std::set<std::string> kStatus = {"Actual", "Exercise", "System", "Test", "Draft"};
const std::set<std::string> kMsgType = {"Alert", "Update", "Cancel", "Ack", "Error"};
const std::set<std::string> kScope = {"Public", "Restricted", "Private"};
const std::set<std::string> kCategory = {"Geo",    "Met", "Safety",    "Security", "Rescue", "Fire",
                                         "Health", "Env", "Transport", "Infra",    "CBRNE",  "Other"};
const std::set<std::string> kResponseType = {"Shelter", "Evacuate", "Prepare",  "Execute", "Avoid",
                                             "Monitor", "Assess",   "AllClear", "None"};
const std::set<std::string> kUrgency = {"Immediate", "Expected", "Future", "Past", "Unknown"};
const std::set<std::string> kSeverity = {"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
const std::set<std::string> kCertainty = {"Observed", "Likely", "Possible", "Unlikely", "Unknown"};

/// CAP 1.2 §3.3.2: "2002-05-24T16:49:00-07:00"; no "Z", no fractions; fields in range.
bool cap_date_time(const std::string& s) {
  static const std::regex pattern(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[+-](\d{2}):(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, pattern)) return false;
  auto n = [&](int i) { return std::stoi(m[i].str()); };
  return n(2) >= 1 && n(2) <= 12 && n(3) >= 1 && n(3) <= 31 && n(4) <= 23 && n(5) <= 59 && n(6) <= 59 && n(7) <= 14 &&
         n(8) <= 59;
}

/// identifier and sender: no spaces, commas, '<' or '&' (§3.2.1), not empty.
bool cap_token(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '<' || c == '&') return false;
  }
  return true;
}

class RuleChecker {
 public:
  explicit RuleChecker(std::vector<std::string>& problems) : problems_(problems) {}

  void alert(xmlNodePtr root) {
    if (name_of(root) != "alert") problem("root element is <" + name_of(root) + ">, not <alert>");
    if (!in_ns(root, kCapNs)) problem("root element is not in the CAP 1.2 namespace " + std::string(kCapNs));
    auto children = element_children(root);
    // An enveloped signature may end the alert.
    while (!children.empty() && in_ns(children.back(), kDsigNs)) children.pop_back();
    sequence("alert", children, kAlert);

    const std::string identifier = child_text(root, "identifier");
    const std::string sender = child_text(root, "sender");
    if (!cap_token(identifier)) problem("identifier has spaces, commas, '<' or '&' or is empty: " + identifier);
    if (!cap_token(sender)) problem("sender has spaces, commas, '<' or '&' or is empty: " + sender);
    date_time("sent", child_text(root, "sent"));
    enumerated("status", child_text(root, "status"), kStatus);
    const std::string msg_type = child_text(root, "msgType");
    enumerated("msgType", msg_type, kMsgType);
    const std::string scope = child_text(root, "scope");
    enumerated("scope", scope, kScope);
    if (scope == "Restricted" && child(root, "restriction") == nullptr) problem("scope Restricted needs <restriction>");
    if (scope == "Private" && child(root, "addresses") == nullptr) problem("scope Private needs <addresses>");
    xmlNodePtr refs = child(root, "references");
    if ((msg_type == "Update" || msg_type == "Cancel") && refs == nullptr) {
      problem("msgType " + msg_type + " must reference the earlier messages in <references>");
    }
    if (refs != nullptr) references(content(refs));
    for (xmlNodePtr i : children) {
      if (name_of(i) == "info") info(i);
    }
  }

 private:
  void problem(const std::string& p) { problems_.push_back(p); }

  static xmlNodePtr child(xmlNodePtr n, const char* name) {
    for (xmlNodePtr c : element_children(n)) {
      if (name_of(c) == name) return c;
    }
    return nullptr;
  }
  static std::string child_text(xmlNodePtr n, const char* name) {
    xmlNodePtr c = child(n, name);
    return c == nullptr ? std::string{} : content(c);
  }

  /// Checks that `children` follow `model` in order and cardinality, and that all are CAP elements.
  void sequence(const std::string& where, const std::vector<xmlNodePtr>& children, const std::vector<Particle>& model) {
    std::size_t at = 0;
    int seen = 0;
    for (xmlNodePtr c : children) {
      if (!in_ns(c, kCapNs)) problem("<" + name_of(c) + "> in <" + where + "> is not in the CAP namespace");
      const std::string name = name_of(c);
      while (at < model.size() && name != model[at].name) {
        if (seen < model[at].min) problem("<" + where + "> lacks <" + model[at].name + "> before <" + name + ">");
        ++at;
        seen = 0;
      }
      if (at == model.size()) {
        problem("<" + name + "> is not allowed in <" + where + "> here (unknown or out of order)");
        return;
      }
      if (++seen > model[at].max) problem("<" + where + "> has too many <" + name + ">");
    }
    for (; at < model.size(); ++at, seen = 0) {
      if (seen < model[at].min) problem("<" + where + "> lacks <" + model[at].name + ">");
    }
  }

  void date_time(const std::string& field, const std::string& value) {
    if (!cap_date_time(value)) problem(field + " is not a CAP dateTime with an explicit offset: '" + value + "'");
  }

  void enumerated(const std::string& field, const std::string& value, const std::set<std::string>& allowed) {
    if (!allowed.count(value)) problem(field + " has a value outside the CAP list: '" + value + "'");
  }

  void references(const std::string& text) {
    static const std::regex space(R"(\s+)");
    int n = 0;
    for (std::sregex_token_iterator it(text.begin(), text.end(), space, -1), end; it != end; ++it) {
      const std::string ref = *it;
      if (ref.empty()) continue;
      ++n;
      const auto a = ref.find(',');
      const auto b = a == std::string::npos ? a : ref.find(',', a + 1);
      if (a == std::string::npos || b == std::string::npos || ref.find(',', b + 1) != std::string::npos) {
        problem("reference is not sender,identifier,sent: " + ref);
        continue;
      }
      if (!cap_token(ref.substr(0, a)) || !cap_token(ref.substr(a + 1, b - a - 1))) problem("bad reference: " + ref);
      date_time("reference sent", ref.substr(b + 1));
    }
    if (n == 0) problem("<references> is empty");
  }

  void info(xmlNodePtr i) {
    sequence("info", element_children(i), kInfo);
    static const std::regex language(R"(^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$)");
    for (xmlNodePtr c : element_children(i)) {
      const std::string name = name_of(c);
      const std::string value = content(c);
      if (name == "language" && !std::regex_match(value, language)) problem("language is not RFC 3066: " + value);
      if (name == "category") enumerated("category", value, kCategory);
      if (name == "responseType") enumerated("responseType", value, kResponseType);
      if (name == "urgency") enumerated("urgency", value, kUrgency);
      if (name == "severity") enumerated("severity", value, kSeverity);
      if (name == "certainty") enumerated("certainty", value, kCertainty);
      if (name == "event" && value.empty()) problem("event is empty");
      if (name == "effective" || name == "onset" || name == "expires") date_time(name, value);
      if (name == "eventCode" || name == "parameter") sequence(name, element_children(c), kNamedValue);
      if (name == "resource") sequence(name, element_children(c), kResource);
      if (name == "area") {
        sequence("area", element_children(c), kArea);
        if (child_text(c, "areaDesc").empty()) problem("areaDesc is empty");
        for (xmlNodePtr g : element_children(c)) {
          if (name_of(g) == "geocode") sequence("geocode", element_children(g), kNamedValue);
        }
      }
    }
  }

  std::vector<std::string>& problems_;
};

#if LIBXML_VERSION >= 21200
void on_schema_error(void* ctx, const xmlError* e) {
#else
void on_schema_error(void* ctx, xmlErrorPtr e) {
#endif
  auto* out = static_cast<std::vector<std::string>*>(ctx);
  std::string message = e != nullptr && e->message != nullptr ? e->message : "schema error";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  out->push_back("line " + std::to_string(e != nullptr ? e->line : 0) + ": " + message);
}

/// The compiled schema, loaded once.
xmlSchemaPtr cap_schema() {
  static xmlSchemaPtr schema = [] {
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(ANXIN_CAP_XSD);
    if (pctx == nullptr) throw std::runtime_error("cannot read " + std::string(ANXIN_CAP_XSD));
    xmlSchemaPtr s = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    if (s == nullptr) throw std::runtime_error("cannot compile " + std::string(ANXIN_CAP_XSD));
    return s;
  }();
  return schema;
}

}  // namespace

XmlDoc::XmlDoc(const std::string& xml) : doc_(parse(xml)) {}
XmlDoc::~XmlDoc() {
  if (doc_ != nullptr) xmlFreeDoc(doc_);
}

xmlNodePtr XmlDoc::first(const std::string& xpath) const {
  if (doc_ == nullptr) return nullptr;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc_), &xmlXPathFreeContext);
  xmlXPathRegisterNs(ctx.get(), x("cap"), x(kCapNs));
  xmlXPathRegisterNs(ctx.get(), x("atom"), x(kAtomNs));
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> r(xmlXPathEvalExpression(x(xpath.c_str()), ctx.get()),
                                                                   &xmlXPathFreeObject);
  if (!r || r->nodesetval == nullptr || r->nodesetval->nodeNr == 0) return nullptr;
  return r->nodesetval->nodeTab[0];
}

std::string XmlDoc::text(const std::string& xpath) const {
  xmlNodePtr n = first(xpath);
  return n == nullptr ? std::string{} : content(n);
}

int XmlDoc::count(const std::string& xpath) const {
  if (doc_ == nullptr) return 0;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc_), &xmlXPathFreeContext);
  xmlXPathRegisterNs(ctx.get(), x("cap"), x(kCapNs));
  xmlXPathRegisterNs(ctx.get(), x("atom"), x(kAtomNs));
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> r(xmlXPathEvalExpression(x(xpath.c_str()), ctx.get()),
                                                                   &xmlXPathFreeObject);
  if (!r || r->nodesetval == nullptr) return 0;
  return r->nodesetval->nodeNr;
}

std::string XmlDoc::attr(const std::string& xpath, const std::string& name) const {
  xmlNodePtr n = first(xpath);
  if (n == nullptr) return {};
  xmlChar* v = xmlGetProp(n, x(name.c_str()));
  std::string out = str(v);
  xmlFree(v);
  return out;
}

std::string XmlDoc::subtree(const std::string& xpath) const {
  xmlNodePtr n = first(xpath);
  if (n == nullptr) return {};
  // Copy into a document of its own so that the namespace declarations in scope come along.
  xmlDocPtr doc = xmlNewDoc(x("1.0"));
  xmlNodePtr copy = xmlDocCopyNode(n, doc, 1);
  xmlDocSetRootElement(doc, copy);
  xmlReconciliateNs(doc, copy);
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
  std::string out(reinterpret_cast<const char*>(mem), static_cast<std::size_t>(size));
  xmlFree(mem);
  xmlFreeDoc(doc);
  return out;
}

CapCheck check_cap(const std::string& xml) {
  CapCheck out;
  xmlDocPtr doc = parse(xml);
  if (doc == nullptr) {
    const xmlError* e = xmlGetLastError();
    const std::string why = e != nullptr && e->message != nullptr ? e->message : "not well-formed";
    out.rule_problems.push_back("not well-formed XML: " + why);
    out.schema_problems.push_back("not well-formed XML: " + why);
    return out;
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root == nullptr) {
    out.rule_problems.push_back("no root element");
  } else {
    RuleChecker(out.rule_problems).alert(root);
  }
  xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(cap_schema());
  xmlSchemaSetValidStructuredErrors(vctx, on_schema_error, &out.schema_problems);
  const int rc = xmlSchemaValidateDoc(vctx, doc);
  if (rc != 0 && out.schema_problems.empty())
    out.schema_problems.push_back("invalid (code " + std::to_string(rc) + ")");
  xmlSchemaFreeValidCtxt(vctx);
  xmlFreeDoc(doc);
  return out;
}

}  // namespace anxin::warnings::testing
