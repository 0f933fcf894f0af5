"""juesuan.export"""
