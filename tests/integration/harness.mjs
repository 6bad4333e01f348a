// Shared helpers for the black-box HTTP tests: start/stop the real `anxin` binary, run CLI
// commands, and talk HTTP to it. Only Node built-ins are used.
//
// Every /api/v1 route except POST /api/v1/auth/login needs a session: startServer({admin: true})
// creates an administrator (`anxin admin create`) before serving and returns server.admin, a
// session client that sends the cookie and the CSRF header by itself. createUser() makes signed-in
// users of any role; totp() computes RFC 6238 codes for the second factor.
//
// The test files import everything from here; the helpers live in harness/:
//   process.mjs   the executable, child environments, CLI runs, temporary directories, sqlite3
//   server.mjs    startServer / stopAll
//   http.mjs      plain requests, the common error shape, Set-Cookie parsing, department lists
//   auth.mjs      TOTP codes, session and token clients, sign-in, administrators and users
//   fixtures.mjs  unique codes and names, strong passwords, personal identifiers
//
// Environment:
//   ANXIN_BIN         path of the anxin executable (required)
//   ANXIN_SOURCE_DIR  repository root (for Redocly and its config)

export {
  BIN,
  READY_TIMEOUT_MS,
  SOURCE_DIR,
  STOP_TIMEOUT_MS,
  childEnv,
  recordSeeds,
  removeDir,
  runCli,
  sanitizerReport,
  sqlite,
  sqliteOk,
  sqliteRows,
  tempDir,
} from './harness/process.mjs';
export { fetchBytes, tool, xlsxXml } from './harness/files.mjs';
export { startServer, stopAll } from './harness/server.mjs';
export { client, departmentTotal, expectError, listAllDepartments, parseSetCookies, request } from './harness/http.mjs';
export {
  CSRF_COOKIE,
  DEFAULT_ADMIN,
  SESSION_COOKIE,
  TOTP_STEP_MS,
  base32Decode,
  completePending,
  createAdmin,
  createUser,
  ensureAdmin,
  login,
  loginAdmin,
  nextTotpCode,
  roleIds,
  sessionClient,
  signIn,
  tokenClient,
  totp,
  totpAtStep,
  totpStep,
  tryLogin,
} from './harness/auth.mjs';
export { residentId, strongPassword, uniq, uniqUsername, withIdCheck, withLuhn } from './harness/fixtures.mjs';
