#pragma once

// Shared by the benchmarks that drive a real `anxin serve`: a small blocking HTTP client (libcurl), running the
// anxin binary, spawning the server on port 0 and waiting for the address it writes. ANXIN_BINARY names the binary.

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace anxin::bench {

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::string> set_cookies;
};

inline std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

inline std::size_t on_header(char* data, std::size_t size, std::size_t n, void* out) {
  const std::string line(data, size * n);
  if (line.rfind("Set-Cookie:", 0) == 0 || line.rfind("set-cookie:", 0) == 0) {
    const auto start = line.find_first_not_of(' ', 11);
    static_cast<std::vector<std::string>*>(out)->push_back(line.substr(start, line.find(';') - start));
  }
  return size * n;
}

inline HttpResult http(const std::string& method, const std::string& url, const std::string& body,
                       const std::vector<std::string>& headers) {
  HttpResult r;
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.set_cookies);
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return r;
}

inline int run(const std::vector<std::string>& args, const std::string& log) {
  std::string cmd = "'" + std::string(ANXIN_BINARY) + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  return std::system((cmd + " >" + log + " 2>&1").c_str());
}

inline pid_t spawn_server(const std::filesystem::path& dir) {
  const std::string bin = ANXIN_BINARY;
  const std::string data = dir.string();
  const std::string log = (dir / "server.log").string();
  std::vector<std::string> args = {bin, "serve", "--data-dir", data, "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  pid_t pid = 0;
  if (posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid = 0;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

inline std::string wait_for_address(const std::filesystem::path& dir) {
  for (int i = 0; i < 600; ++i) {
    std::ifstream in(dir / "anxin.addr");
    std::string addr;
    if (in && std::getline(in, addr) && !addr.empty() && addr.back() != '0') return addr;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

/// Signs in through the API; the cookie header value and the CSRF token, or empty on failure.
struct Session {
  std::string cookie;
  std::string csrf;
};

inline Session sign_in(const std::string& base, const std::string& username, const std::string& password) {
  const auto r =
      http("POST", base + "/api/v1/auth/login", nlohmann::json{{"username", username}, {"password", password}}.dump(),
           {"Content-Type: application/json"});
  if (r.status != 200) return {};
  Session s;
  for (const auto& c : r.set_cookies) s.cookie += (s.cookie.empty() ? "" : "; ") + c;
  s.csrf = nlohmann::json::parse(r.body).value("csrf_token", "");
  return s;
}

}  // namespace anxin::bench
