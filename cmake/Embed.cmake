# warden_embed(OUT_VAR NAMESPACE_SYMBOL FILE...): generate a .cpp that holds
# each FILE as a std::string_view, so binaries carry their defaults and
# templates and need no data files at run time.
#
# The generated source declares
#   namespace warden::embedded { extern const EmbeddedFile SYMBOL[]; extern const size_t SYMBOL_count; }
# with {relative path, contents} pairs (see lib/warden/core/embedded.hpp).
function(warden_embed out_var symbol base_dir)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cpp)
  # ';' would split the shell command: pass the list joined with '|'.
  string(REPLACE ";" "|" files_arg "${ARGN}")
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DSYMBOL=${symbol} -DBASE=${base_dir} -DOUT=${generated}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM) # keeps the ';'-separated FILES list one shell word
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
