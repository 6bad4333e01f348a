#pragma once

// Test support: parsing XML with libxml2, XPath look-ups, and a CAP 1.2 checker (rules of the standard on the
// parsed document, plus validation against testdata/cap-1.2.xsd).

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace anxin::warnings::testing {

/// A parsed XML document (no network, no DTD loading). XPath prefixes: "cap" (CAP 1.2) and "atom" (Atom 1.0).
class XmlDoc {
 public:
  explicit XmlDoc(const std::string& xml);
  ~XmlDoc();
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;

  bool ok() const { return doc_ != nullptr; }
  xmlDocPtr get() const { return doc_; }
  /// Text content of the first node `xpath` selects; empty when none.
  std::string text(const std::string& xpath) const;
  /// Number of nodes `xpath` selects.
  int count(const std::string& xpath) const;
  /// Attribute `name` of the first element `xpath` selects; empty when none.
  std::string attr(const std::string& xpath, const std::string& name) const;
  /// The first element `xpath` selects, serialised as a document of its own (namespaces kept).
  std::string subtree(const std::string& xpath) const;

 private:
  xmlNodePtr first(const std::string& xpath) const;
  xmlDocPtr doc_ = nullptr;
};

/// Problems found in a CAP document; both lists empty when it is valid.
struct CapCheck {
  /// Violations of the CAP 1.2 rules: namespace, element order and cardinality, value lists, dateTime form,
  /// identifier/sender characters, required info and area elements, references of Update/Cancel, restriction of
  /// Restricted and addresses of Private messages.
  std::vector<std::string> rule_problems;
  /// Errors of the XML Schema validation against testdata/cap-1.2.xsd.
  std::vector<std::string> schema_problems;
};

CapCheck check_cap(const std::string& xml);

}  // namespace anxin::warnings::testing
