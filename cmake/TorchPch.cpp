// The translation unit that builds the shared precompiled LibTorch header (CatapultPch.cmake).
