# Runs one firmware image in QEMU (ctest driver) and judges it by its exit
# status and its output.
#   -DQEMU=<qemu-system-arm> -DMACHINE=<mps2-an385|mps2-an386> -DFW=<elf>
#   -DEXPECT=pass        exit 0 and "RESULT: PASS" printed, no "FAIL"
#   -DEXPECT=<regex>     non-zero exit and output matching <regex>
# The timeout stops a firmware that hangs (QEMU never exits on its own).
cmake_minimum_required(VERSION 3.20)
foreach(v QEMU MACHINE FW EXPECT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_qemu.cmake: -D${v}= missing")
  endif()
endforeach()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 100)
endif()

execute_process(
  COMMAND ${QEMU} -M ${MACHINE} -nographic -semihosting-config enable=on,target=native
          -kernel ${FW}
  INPUT_FILE /dev/null
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc
  TIMEOUT ${TIMEOUT})
# Semihosting SYS_WRITE0 output arrives on QEMU's stderr: judge both.
set(out "${out}${err}")
message("${out}")
message("qemu exit: ${rc}")

if(EXPECT STREQUAL "pass")
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "firmware failed (exit ${rc})")
  endif()
  if(NOT out MATCHES "RESULT: PASS" OR out MATCHES "FAIL")
    message(FATAL_ERROR "firmware exited 0 but did not report a clean pass")
  endif()
else()
  if(rc STREQUAL "0")
    message(FATAL_ERROR "firmware was expected to fail but exited 0")
  endif()
  if(NOT rc MATCHES "^[0-9]+$")
    message(FATAL_ERROR "QEMU did not exit by itself: ${rc}")
  endif()
  if(NOT out MATCHES "${EXPECT}")
    message(FATAL_ERROR "firmware failed, but not with the expected message /${EXPECT}/")
  endif()
endif()
