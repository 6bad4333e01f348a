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
    key_rotation)

foreach(name IN LISTS ANXIN_INTEGRATION_TESTS)
  add_test(NAME integration.${name}
           COMMAND ${ANXIN_NODE} --test --test-reporter=spec ${CMAKE_CURRENT_SOURCE_DIR}/integration/${name}.test.mjs)
  set(env "ANXIN_BIN=$<TARGET_FILE:anxin>" "ANXIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  if(name STREQUAL "postgres")
    list(APPEND env "ANXIN_TEST_PG_URL_FILE=${ANXIN_TEST_PG_URL_FILE}")
    set_tests_properties(integration.${name} PROPERTIES FIXTURES_REQUIRED postgres)
  endif()
  set_tests_properties(integration.${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT 300 LABELS integration)
endforeach()
