from hotstack_libs.store.migrations import run_env

run_env()
