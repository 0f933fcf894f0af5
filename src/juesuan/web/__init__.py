"""juesuan.web"""
