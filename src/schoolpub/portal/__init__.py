"""The district portal: every school's published open data read robustly (config, sources),
then findings and pages built from it."""
