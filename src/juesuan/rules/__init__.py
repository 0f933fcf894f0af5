"""juesuan.rules"""
