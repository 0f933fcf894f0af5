"""juesuan.perf"""
