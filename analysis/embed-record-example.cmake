# At build time: what `gupbench schema` prints (one sample record of each
# scenario, every key present), as a C string gbstat checks
# metrics.def's paths against when it starts (metrics_check.c).
execute_process(COMMAND ${GUPBENCH} schema OUTPUT_VARIABLE text
	RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR text STREQUAL "")
	message(FATAL_ERROR "gupbench schema failed (${rc})")
endif()
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\n" "\\n\"\n\t\"" text "${text}")
file(WRITE ${OUT}.tmp "/* Generated from `gupbench schema`: do not edit. */\nstatic const char gba_record_example[] =\n\t\"${text}\";\n")
file(RENAME ${OUT}.tmp ${OUT})
