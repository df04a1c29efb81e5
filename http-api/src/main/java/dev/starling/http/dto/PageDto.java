package dev.starling.http.dto;

import java.util.List;

public record PageDto<T>(List<T> items, String nextCursor) {}
