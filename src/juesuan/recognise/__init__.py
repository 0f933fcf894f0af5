"""juesuan.recognise"""
