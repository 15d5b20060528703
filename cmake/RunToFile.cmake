# Run by cmake/Generated.cmake at build time: runs CMD ('|'-separated) and
# writes its stdout to OUT, which is replaced only when the command
# succeeds (a failed run leaves no half-written file).
string(REPLACE "|" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} OUTPUT_FILE "${OUT}.tmp" RESULT_VARIABLE failed)
if(failed)
  file(REMOVE "${OUT}.tmp")
  message(FATAL_ERROR "${CMD}: exit ${failed}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
