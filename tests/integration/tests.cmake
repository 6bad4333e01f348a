# Black-box HTTP tests against the real `anxin` binary (Node's built-in test runner, no npm
# packages except Redocly for the OpenAPI lint). Included from tests/CMakeLists.txt; each file is
# its own CTest test so failures and timings show per area.

find_program(ANXIN_NODE node)
if(NOT ANXIN_NODE)
  message(WARNING "node not found: integration tests are not registered")
  return()
endif()

set(ANXIN_INTEGRATION_TESTS
    errors
    slow_client
    departments
    idempotency
    health_metrics_openapi
    cli
    durability
    postgres
    tls
    auth
    authz_matrix
    pii
    audit_tamper
    key_rotation
    warnings
    emergency
    emergency_pg
    incident_files
    delivery_isolation
    dashboard
    workforce
    orders
    partners)

# Server logs of every suite are kept here; the cleanup step scans them for seeded personal data.
set(ANXIN_TEST_LOG_DIR ${CMAKE_BINARY_DIR}/test-logs)
add_test(NAME logs.reset COMMAND ${CMAKE_COMMAND} -E rm -rf ${ANXIN_TEST_LOG_DIR})
set_tests_properties(logs.reset PROPERTIES FIXTURES_SETUP test_logs)
add_test(NAME logs.personal_data_scan COMMAND ${ANXIN_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/scan_logs.mjs)
set_tests_properties(logs.personal_data_scan PROPERTIES FIXTURES_CLEANUP test_logs
                     ENVIRONMENT "ANXIN_TEST_LOG_DIR=${ANXIN_TEST_LOG_DIR}")

foreach(name IN LISTS ANXIN_INTEGRATION_TESTS)
  add_test(NAME integration.${name}
           COMMAND ${ANXIN_NODE} --test --test-reporter=spec ${CMAKE_CURRENT_SOURCE_DIR}/integration/${name}.test.mjs)
  set(env "ANXIN_BIN=$<TARGET_FILE:anxin>" "ANXIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
          "ANXIN_TEST_LOG_DIR=${ANXIN_TEST_LOG_DIR}")
  set(fixtures test_logs)
  if(name STREQUAL "postgres" OR name STREQUAL "emergency_pg" OR name STREQUAL "orders")
    list(APPEND env "ANXIN_TEST_PG_URL_FILE=${ANXIN_TEST_PG_URL_FILE}")
    list(APPEND fixtures postgres)
  endif()
  set_tests_properties(integration.${name} PROPERTIES ENVIRONMENT "${env}" FIXTURES_REQUIRED "${fixtures}"
                       TIMEOUT 300 LABELS integration)
endforeach()
