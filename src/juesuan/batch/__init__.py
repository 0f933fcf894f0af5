"""juesuan.batch"""
