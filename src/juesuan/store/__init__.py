"""juesuan.store"""
